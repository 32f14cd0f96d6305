import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { Global, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type Settings, SettingsService } from '@pp/core';
import { AccessGuard } from './access/access.guard';
import { RequestContextHook } from './access/request-context';
import { ResourceScopes } from './access/resource-scopes';
import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeyFootprint } from './api-keys/api-key-footprint.entity';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditController } from './audit/audit.controller';
import { AuditModule } from './audit/audit.module';
import { AccessTokens } from './auth/access-tokens';
import { ActorCache } from './auth/actor-cache';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { AuthRateLimitGuard } from './auth/auth-rate-limit.guard';
import { Authenticator } from './auth/authenticator';
import { RefreshToken } from './auth/refresh-token.entity';
import { RefreshTokensService } from './auth/refresh-tokens.service';
import { AccountMailer } from './users/account-mailer';
import { AdminBootstrap } from './users/admin-bootstrap';
import { CredentialsService } from './users/credentials.service';
import { MeController } from './users/me.controller';
import { OneTimeToken } from './users/one-time-token.entity';
import { RoleGrant } from './users/role-grant.entity';
import { User } from './users/user.entity';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/**
 * The HMAC key of access tokens, made a KeyObject once: given the secret as a string, jsonwebtoken
 * first tries to parse it as a PEM public key on every verification (~0.3 ms, on every request).
 */
function jwtSecret(settings: Settings): KeyObject {
  const configured = settings.get('JWT_SECRET', { infer: true });
  if (configured) return createSecretKey(configured, 'utf8');
  // Only outside production (the settings refuse a missing secret there): tokens die with the process.
  new Logger('Identity').warn('JWT_SECRET is not set; using a random secret, so sign-ins end when this process stops');
  return createSecretKey(randomBytes(48));
}

/**
 * Users, roles, API keys, authentication, the access policy and the audit log. Global, because
 * every lib records its writes with AuditService and registers how to scope its entities with
 * ResourceScopes; the access guard applies to every route of the app.
 */
@Global()
@Module({
  imports: [
    AuditModule,
    TypeOrmModule.forFeature([User, RoleGrant, OneTimeToken, RefreshToken, ApiKey, ApiKeyFootprint]),
    JwtModule.registerAsync({ inject: [SettingsService], useFactory: (settings: Settings) => ({ secret: jwtSecret(settings) }) }),
  ],
  controllers: [AuthController, MeController, UsersController, ApiKeysController, AuditController],
  providers: [
    AccessTokens,
    ActorCache,
    Authenticator,
    AuthService,
    AuthRateLimitGuard,
    RefreshTokensService,
    CredentialsService,
    AccountMailer,
    UsersService,
    ApiKeysService,
    ResourceScopes,
    AdminBootstrap,
    RequestContextHook,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuditModule, ResourceScopes, UsersService, AuthService, ApiKeysService, AdminBootstrap],
})
export class IdentityModule implements OnModuleInit {
  constructor(
    private readonly scopes: ResourceScopes,
    private readonly apiKeys: ApiKeysService,
  ) {}

  onModuleInit(): void {
    this.scopes.register('api_key', (id) => this.apiKeys.scopeOf(id));
  }
}
