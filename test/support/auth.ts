import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { ApiKeysService, AuthService, type Role, UsersService } from '@pp/identity';
import request from 'supertest';

/**
 * Signed-in callers for e2e suites. Users are created through the identity services and signed in
 * without the login endpoint, so suites never trip its rate limits; each call makes a new user.
 */
export type GrantSpec =
  | { role: Extract<Role, 'platform_admin'> }
  | { role: Extract<Role, 'footprint_lead' | 'analyst'>; footprintId: string }
  | { role: Extract<Role, 'org_submitter'>; organisationId: string };

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface SignedIn extends TestUser {
  accessToken: string;
  refreshToken: string;
  /** A supertest agent that sends the access token with every request. */
  http: request.Agent;
}

let clients = 0;

/** A client address of its own (sent as X-Forwarded-For; tests trust loopback proxies), so per-IP sign-in limits never couple tests. */
export function uniqueClientIp(): string {
  clients += 1;
  return `10.${(process.pid >> 8) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@pulse.test`;
}

export async function createUser(app: INestApplication, grants: GrantSpec[] = [], email = uniqueEmail()): Promise<TestUser> {
  const user = await app.get(UsersService).create({ email, displayName: email.split('@')[0] ?? email, password: TEST_PASSWORD, grants });
  return { id: user.id, email: user.email, password: TEST_PASSWORD };
}

/** An agent that sends `Authorization: Bearer <token>` (an access token or an API key). */
export function withToken(app: INestApplication, token: string): request.Agent {
  return request.agent(app.getHttpServer()).set('Authorization', `Bearer ${token}`);
}

export async function signIn(app: INestApplication, user: TestUser): Promise<SignedIn> {
  const tokens = await app.get(AuthService).issueTokens(user.id);
  return { ...user, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, http: withToken(app, tokens.accessToken) };
}

/** A new user holding `grants`, signed in. */
export async function signedInAs(app: INestApplication, ...grants: GrantSpec[]): Promise<SignedIn> {
  return signIn(app, await createUser(app, grants, uniqueEmail(grants[0]?.role ?? 'user')));
}

const admins = new WeakMap<INestApplication, Promise<SignedIn>>();

/** One platform admin per app, signed in: what suites that are not about access use to call the API. */
export function asAdmin(app: INestApplication): Promise<SignedIn> {
  let admin = admins.get(app);
  if (!admin) {
    admin = signedInAs(app, { role: 'platform_admin' });
    admins.set(app, admin);
  }
  return admin;
}

/** A read-only API key for `footprintIds`, created by the app's admin. */
export async function createApiKey(app: INestApplication, footprintIds: string[]): Promise<{ id: string; key: string; http: request.Agent }> {
  const admin = await asAdmin(app);
  const actor = await app.get(UsersService).actorFor(admin.id);
  if (!actor) throw new Error('the test admin is not active');
  const created = await app.get(ApiKeysService).create({ name: `key ${randomUUID().slice(0, 8)}`, footprintIds }, actor);
  return { id: created.apiKey.id, key: created.key, http: withToken(app, created.key) };
}
