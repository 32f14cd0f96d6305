import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { asAdmin, createUser, signIn, signedInAs, TEST_PASSWORD, uniqueClientIp, uniqueEmail } from '../support/auth';

const API = '/api/v1';

describe('identity: sign-in, tokens, lockout, resets and invitations', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const login = (email: string, password: string) => http().post(`${API}/auth/login`).set('X-Forwarded-For', uniqueClientIp()).send({ email, password });
  const auditActions = async (userId: string): Promise<string[]> =>
    (await db.query<{ action: string }[]>('SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY seq', [userId])).map((r) => r.action);

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('sign-in', () => {
    it('returns a short-lived access token and a refresh token; the access token opens the API', async () => {
      const user = await createUser(app);
      const res = await login(user.email.toUpperCase(), user.password).expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
      const me = await http().get(`${API}/me`).set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      // Without a grant a user may only do what anyone signed in may: their account, instruments, their own answers, alerts and overdue actions.
      const actions = ['account.read', 'account.update', 'instrument.read', 'response.read_own', 'alert.read_own', 'alert.update_own', 'action.read_own'];
      expect(me.body).toEqual({ kind: 'user', id: user.id, label: user.email, grants: [], actions, actionsEverywhere: actions, footprints: [] });
      expect(await auditActions(user.id)).toContain('auth.login');
    });

    it('answers a wrong password and an unknown email alike, as 401 problem details', async () => {
      const user = await createUser(app);
      const wrong = await login(user.email, 'not the password at all').expect(401);
      const unknown = await login(uniqueEmail('nobody'), 'not the password at all').expect(401);
      expect(wrong.headers['content-type']).toContain('application/problem+json');
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(wrong.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses requests without credentials, with a forged token, or from a disabled user', async () => {
      const anonymous = await http().get(`${API}/me`).expect(401);
      expect(anonymous.body).toMatchObject({ status: 401, title: 'Unauthorized', instance: `${API}/me` });
      const user = await signedInAs(app);
      const [header, payload] = user.accessToken.split('.');
      await http().get(`${API}/me`).set('Authorization', `Bearer ${header}.${payload}.forged`).expect(401);
      await http().get(`${API}/me`).set('Authorization', 'Basic abc').expect(401);
      const admin = await asAdmin(app);
      await admin.http.patch(`${API}/users/${user.id}`).send({ status: 'disabled' }).expect(200);
      await user.http.get(`${API}/me`).expect(401);
      await http().post(`${API}/auth/refresh`).send({ refreshToken: user.refreshToken }).expect(401);
    });

    it('refuses an access token once it has expired, though it opened the API before', async () => {
      const user = await createUser(app);
      // Minted as the API mints them, but living one second rather than ACCESS_TOKEN_TTL_SECONDS.
      const token = await app.get(JwtService).signAsync({ sub: user.id, typ: 'access' }, { expiresIn: 1, issuer: 'partnership-pulse', audience: 'partnership-pulse-api', algorithm: 'HS256' });
      const me = () => http().get(`${API}/me`).set('Authorization', `Bearer ${token}`);
      await me().expect(200);
      await me().expect(200);
      const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
      const refused = await me().expect(401);
      expect(refused.body.detail).toBe('The access token is invalid or expired; refresh it or sign in again');
    });

    it('stores only argon2id hashes and never writes a password to the audit log', async () => {
      const user = await createUser(app);
      await login(user.email, user.password).expect(200);
      await login(user.email, 'a wrong guess 123').expect(401);
      const [row] = await db.query<{ password_hash: string }[]>('SELECT password_hash FROM user_account WHERE id = $1', [user.id]);
      expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      const leaks = await db.query<{ n: number }[]>(
        "SELECT count(*)::int AS n FROM audit_entry WHERE concat(before::text, after::text, actor_label) LIKE '%' || $1 || '%' OR concat(before::text, after::text) LIKE '%a wrong guess%'",
        [TEST_PASSWORD],
      );
      expect(leaks[0]?.n).toBe(0);
    });

    it('upgrades a hash made with older argon2 settings at the next sign-in, and signs in with the new one', async () => {
      const user = await createUser(app);
      const older = await argon2.hash(user.password, { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 });
      await db.query('UPDATE user_account SET password_hash = $2 WHERE id = $1', [user.id, older]);
      await login(user.email, user.password).expect(200);
      const [row] = await db.query<{ password_hash: string }[]>('SELECT password_hash FROM user_account WHERE id = $1', [user.id]);
      expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      await login(user.email, user.password).expect(200);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: each works once and yields a new pair', async () => {
      const user = await signIn(app, await createUser(app));
      const first = await http().post(`${API}/auth/refresh`).send({ refreshToken: user.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      await http().get(`${API}/me`).set('Authorization', `Bearer ${first.body.accessToken}`).expect(200);
      const second = await http().post(`${API}/auth/refresh`).send({ refreshToken: first.body.refreshToken }).expect(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    });

    it('revoke the whole family when a used one comes back, and audit it', async () => {
      const user = await signIn(app, await createUser(app));
      const rotated = await http().post(`${API}/auth/refresh`).send({ refreshToken: user.refreshToken }).expect(200);
      // The stolen copy of the first token is replayed: both it and the owner's current token stop working.
      await http().post(`${API}/auth/refresh`).send({ refreshToken: user.refreshToken }).expect(401);
      await http().post(`${API}/auth/refresh`).send({ refreshToken: rotated.body.refreshToken }).expect(401);
      expect(await auditActions(user.id)).toContain('auth.refresh_reuse');
    });

    it('end with sign-out; other sessions of the user go on', async () => {
      const user = await createUser(app);
      const phone = await signIn(app, user);
      const laptop = await signIn(app, user);
      await http().post(`${API}/auth/logout`).send({ refreshToken: phone.refreshToken }).expect(204);
      await http().post(`${API}/auth/refresh`).send({ refreshToken: phone.refreshToken }).expect(401);
      await http().post(`${API}/auth/refresh`).send({ refreshToken: laptop.refreshToken }).expect(200);
      await http().post(`${API}/auth/logout`).send({ refreshToken: 'never-issued' }).expect(204);
      expect(await auditActions(user.id)).toContain('auth.logout');
    });
  });

  describe('lockout', () => {
    it('locks the account after repeated failures, even for the right password, answering as for an unknown email; audited', async () => {
      const user = await createUser(app);
      for (let i = 0; i < 5; i += 1) await login(user.email, `wrong password ${i}`).expect(401);
      const locked = await login(user.email, user.password).expect(401);
      const unknown = await login(uniqueEmail('nobody'), user.password).expect(401);
      // Status, headers a client acts on, and body (but for the request's own id and URL) say nothing about the account.
      const answer = (res: request.Response) => {
        const { requestId, instance, ...body } = res.body as Record<string, unknown>;
        expect([requestId, instance]).toEqual([expect.any(String), `${API}/auth/login`]);
        return { status: res.status, type: res.headers['content-type'], authenticate: res.headers['www-authenticate'], retryAfter: res.headers['retry-after'], body };
      };
      expect(answer(locked)).toEqual(answer(unknown));
      expect(answer(locked)).toMatchObject({ status: 401, retryAfter: undefined, body: { status: 401, detail: 'The email or password is incorrect' } });
      const actions = await auditActions(user.id);
      expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
      expect(actions).toContain('user.lock');
      const [row] = await db.query<{ locked_until: Date }[]>('SELECT locked_until FROM user_account WHERE id = $1', [user.id]);
      expect(row?.locked_until.getTime()).toBeGreaterThan(Date.now());
    });

    it('takes as long to refuse a locked account as an unknown email: both check a password hash', async () => {
      const user = await createUser(app);
      for (let i = 0; i < 5; i += 1) await login(user.email, `wrong password ${i}`).expect(401);
      const timed = async (email: string) => {
        const started = process.hrtime.bigint();
        await login(email, user.password).expect(401);
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      // Interleaved, so load on the machine weighs on both alike; the per-account limit (10 a minute) allows 4 more.
      const locked: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        locked.push(await timed(user.email));
        unknown.push(await timed(uniqueEmail('nobody')));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
      // A refusal without the hash check answered in about a tenth of the time of one with it.
      expect(median(locked) / median(unknown)).toBeGreaterThan(0.4);
      expect(median(locked) / median(unknown)).toBeLessThan(2.5);
    });

    it('forgets failures after a successful sign-in', async () => {
      const user = await createUser(app);
      for (let i = 0; i < 4; i += 1) await login(user.email, `wrong password ${i}`).expect(401);
      await login(user.email, user.password).expect(200);
      for (let i = 0; i < 4; i += 1) await login(user.email, `wrong password ${i}`).expect(401);
      await login(user.email, user.password).expect(200);
    });
  });

  describe('password reset', () => {
    it('by a single-use, expiring token an admin issues; lifts a lockout and signs every session out', async () => {
      const admin = await asAdmin(app);
      const user = await createUser(app);
      const session = await signIn(app, user);
      for (let i = 0; i < 5; i += 1) await login(user.email, `wrong password ${i}`).expect(401);
      const issued = await admin.http.post(`${API}/users/${user.id}/password-reset`).expect(201);
      expect(new Date(issued.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
      const newPassword = 'a brand new passphrase';
      await http().post(`${API}/auth/password-reset`).send({ token: issued.body.resetToken, newPassword }).expect(204);
      const again = await http().post(`${API}/auth/password-reset`).send({ token: issued.body.resetToken, newPassword: 'yet another passphrase' }).expect(400);
      expect(again.body.errors).toEqual([{ field: 'token', problem: 'is invalid, already used or expired' }]);
      await http().post(`${API}/auth/refresh`).send({ refreshToken: session.refreshToken }).expect(401);
      await login(user.email, user.password).expect(401);
      await login(user.email, newPassword).expect(200);
    });

    it('refuses an expired token and a too-short password, naming the field', async () => {
      const admin = await asAdmin(app);
      const user = await createUser(app);
      const issued = await admin.http.post(`${API}/users/${user.id}/password-reset`).expect(201);
      const short = await http().post(`${API}/auth/password-reset`).send({ token: issued.body.resetToken, newPassword: 'short' }).expect(400);
      expect(short.body.errors[0].field).toBe('newPassword');
      await db.query("UPDATE one_time_token SET expires_at = now() - interval '1 second' WHERE user_id = $1", [user.id]);
      await http().post(`${API}/auth/password-reset`).send({ token: issued.body.resetToken, newPassword: 'a long enough passphrase' }).expect(400);
    });
  });

  describe('invitations', () => {
    it('lets the invitee set a password once; until then they cannot sign in', async () => {
      const admin = await asAdmin(app);
      const email = uniqueEmail('invitee');
      const invited = await admin.http.post(`${API}/users/invitations`).send({ email, displayName: 'Invitee', grants: [] }).expect(201);
      expect(invited.body.user).toMatchObject({ email, status: 'invited', grants: [] });
      await login(email, 'any password at all').expect(401);
      const password = 'my chosen passphrase';
      await http().post(`${API}/auth/invitations/accept`).send({ token: invited.body.invitationToken, password, displayName: 'Ivy' }).expect(204);
      await http().post(`${API}/auth/invitations/accept`).send({ token: invited.body.invitationToken, password }).expect(400);
      const signedIn = await login(email, password).expect(200);
      const me = await http().get(`${API}/me`).set('Authorization', `Bearer ${signedIn.body.accessToken}`).expect(200);
      expect(me.body.label).toBe(email);
      expect(await auditActions(invited.body.user.id)).toEqual(expect.arrayContaining(['user.invite', 'user.accept_invitation', 'auth.login']));
    });
  });

  describe('own account', () => {
    it('changes the password with the current one, signing other sessions out', async () => {
      const user = await createUser(app);
      const current = await signIn(app, user);
      const other = await signIn(app, user);
      const wrong = await current.http.put(`${API}/me/password`).send({ currentPassword: 'not it at all', newPassword: 'another passphrase' }).expect(400);
      expect(wrong.body.errors).toEqual([{ field: 'currentPassword', problem: 'is incorrect' }]);
      const changed = await current.http.put(`${API}/me/password`).send({ currentPassword: user.password, newPassword: 'another passphrase' }).expect(200);
      expect(changed.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900 });
      await http().post(`${API}/auth/refresh`).send({ refreshToken: other.refreshToken }).expect(401);
      await http().post(`${API}/auth/refresh`).send({ refreshToken: current.refreshToken }).expect(401);
      // This session goes on with the pair it was given.
      await http().post(`${API}/auth/refresh`).send({ refreshToken: changed.body.refreshToken }).expect(200);
      await login(user.email, 'another passphrase').expect(200);
    });

    it('renames itself, and refuses fields a user may not set on themselves, by name', async () => {
      const user = await signedInAs(app);
      const renamed = await user.http.patch(`${API}/me`).send({ displayName: 'New Name' }).expect(200);
      expect(renamed.body.displayName).toBe('New Name');
      const escalate = await user.http
        .patch(`${API}/me`)
        .send({ displayName: 'x', grants: [{ role: 'platform_admin' }], email: 'other@pulse.test', status: 'active' })
        .expect(400);
      expect(escalate.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'grants', 'status']);
      const me = await user.http.get(`${API}/me`).expect(200);
      expect(me.body.grants).toEqual([]);
    });
  });
});
