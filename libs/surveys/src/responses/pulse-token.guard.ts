import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type FoundLink, RespondentLinksService } from '../invitations/respondent-links.service';

export const PULSE_TOKEN_HEADER = 'x-pulse-token';

interface LinkRequest extends FastifyRequest {
  respondentLink?: FoundLink;
}

/**
 * Authenticates a respondent-link route by its token before anything reads the body, as the
 * access guard does for signed-in routes: no token or an unknown one is 401.
 */
@Injectable()
export class PulseTokenGuard implements CanActivate {
  constructor(private readonly links: RespondentLinksService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<LinkRequest>();
    const token = request.headers[PULSE_TOKEN_HEADER];
    request.respondentLink = await this.links.find(typeof token === 'string' ? token : undefined);
    return true;
  }
}

/** The link PulseTokenGuard found for this request. */
export const CurrentLink = createParamDecorator((_data: unknown, context: ExecutionContext): FoundLink => {
  return context.switchToHttp().getRequest<LinkRequest>().respondentLink as FoundLink;
});
