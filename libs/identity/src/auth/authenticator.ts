import { Injectable } from '@nestjs/common';
import { UnauthenticatedError } from '@pp/core';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../access/actor';
import { API_KEY_PREFIX, ApiKeysService } from '../api-keys/api-keys.service';
import { UsersService } from '../users/users.service';
import { AccessTokens } from './access-tokens';

/** Turns a request's credentials into an Actor: an access token, or an API key (bearer or X-API-Key). */
@Injectable()
export class Authenticator {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async authenticate(request: FastifyRequest): Promise<Actor> {
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : undefined;
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string' && apiKey) return this.orReject(await this.apiKeys.authenticate(apiKey), 'The API key is unknown, revoked or expired');
    if (!bearer) throw new UnauthenticatedError('Authentication required: send an access token or API key as `Authorization: Bearer …`');
    if (bearer.startsWith(API_KEY_PREFIX)) return this.orReject(await this.apiKeys.authenticate(bearer), 'The API key is unknown, revoked or expired');
    const userId = await this.accessTokens.verify(bearer);
    return this.orReject(userId ? await this.users.actorFor(userId) : null, 'The access token is invalid or expired; refresh it or sign in again');
  }

  private orReject(actor: Actor | null, detail: string): Actor {
    if (!actor) throw new UnauthenticatedError(detail);
    return actor;
  }
}
