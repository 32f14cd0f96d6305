import { Injectable, PipeTransform, UnsupportedMediaTypeException } from '@nestjs/common';

/** Only a text/csv (or text/plain) body arrives as a string; JSON or no body at all is refused with 415. */
@Injectable()
export class CsvBodyPipe implements PipeTransform<unknown, string> {
  transform(body: unknown): string {
    if (typeof body !== 'string') {
      throw new UnsupportedMediaTypeException('Send the file as the request body with Content-Type: text/csv');
    }
    return body;
  }
}
