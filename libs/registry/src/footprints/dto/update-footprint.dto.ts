import { PartialType } from '@nestjs/swagger';
import { CreateFootprintDto } from './create-footprint.dto';

/** Any field of a footprint; `region` is replaced as a whole. Null is refused where a value is required. */
export class UpdateFootprintDto extends PartialType(CreateFootprintDto, { skipNullProperties: false }) {}
