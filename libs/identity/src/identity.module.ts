import { randomBytes } from 'node:crypto';
import { Global, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type Settings, SettingsService } from '@pp/core';
import { AccessGuard } from './access/access.guard';
import { RequestContextInterceptor } from './access/request-context';
import { ResourceScopes } from './access/resource-scopes';
import { ApiKey } from './api-keys/api-key.entity';
import { ApiKeyFootprint } from './api-keys/api-key-footprint.entity';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditController } from './audit/audit.controller';
import { AuditEntry } from './audit/audit-entry.entity';
import { AuditService } from './audit/audit.service';
import { AccessTokens } from './auth/access-tokens';
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

function jwtSecret(settings: Settings): string {
  const configured = settings.get('JWT_SECRET', { infer: true });
  if (configured) return configured;
  // Only outside production (the settings refuse a missing secret there): tokens die with the process.
  new Logger('Identity').warn('JWT_SECRET is not set; using a random secret, so sign-ins end when this process stops');
  return randomBytes(48).toString('base64url');
}

/**
 * Users, roles, API keys, authentication, the access policy and the audit log. Global, because
 * every lib records its writes with AuditService and registers how to scope its entities with
 * ResourceScopes; the access guard applies to every route of the app.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([User, RoleGrant, OneTimeToken, RefreshToken, ApiKey, ApiKeyFootprint, AuditEntry]),
    JwtModule.registerAsync({ inject: [SettingsService], useFactory: (settings: Settings) => ({ secret: jwtSecret(settings) }) }),
  ],
  controllers: [AuthController, MeController, UsersController, ApiKeysController, AuditController],
  providers: [
    AccessTokens,
    Authenticator,
    AuthService,
    AuthRateLimitGuard,
    RefreshTokensService,
    CredentialsService,
    AccountMailer,
    UsersService,
    ApiKeysService,
    AuditService,
    ResourceScopes,
    AdminBootstrap,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
  ],
  exports: [AuditService, ResourceScopes, UsersService, AuthService, ApiKeysService, AdminBootstrap],
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
