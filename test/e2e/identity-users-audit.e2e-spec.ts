import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DatabaseNotifications } from '@pp/core';
import { AdminBootstrap, type AuditRecord, AuditService, runAsSystem } from '@pp/identity';
import type request from 'supertest';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { asAdmin, signedInAs, type SignedIn, uniqueEmail, withToken } from '../support/auth';
import { API, createFootprint, createOrganisation } from '../support/factories-registry';
import { until } from '../support/processes';
import { roundWindow } from './surveys-helpers';

describe('identity: users, roles, mass assignment and the audit log', () => {
  let app: INestApplication;
  let db: DataSource;
  let admin: SignedIn;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    admin = await asAdmin(app);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('users and grants', () => {
    it('invites users with roles per footprint or organisation, lists and filters them', async () => {
      const footprint = await createFootprint(app);
      const organisation = await createOrganisation(app);
      const email = uniqueEmail('analyst');
      const invited = await admin.http
        .post(`${API}/users/invitations`)
        .send({ email, displayName: 'Ana', grants: [{ role: 'analyst', footprintId: footprint.id }, { role: 'org_submitter', organisationId: organisation.id }] })
        .expect(201);
      expect(invited.body.user.grants).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ role: 'analyst', footprintId: footprint.id, organisationId: null, organisation: null }),
          // Named, so the users' pages need no list of every organisation to show it.
          expect.objectContaining({ role: 'org_submitter', organisationId: organisation.id, organisation: { code: organisation.code, name: organisation.name } }),
        ]),
      );
      const byFootprint = await admin.http.get(`${API}/users?footprintId=${footprint.id}`).expect(200);
      expect(byFootprint.body.items.map((u: { email: string }) => u.email)).toEqual([email]);
      expect(byFootprint.body.items[0].grants).toContainEqual(expect.objectContaining({ organisationId: organisation.id, organisation: { code: organisation.code, name: organisation.name } }));
      await admin.http.get(`${API}/users?email=${encodeURIComponent(email.toUpperCase())}`).expect(200);
      const duplicate = await admin.http.post(`${API}/users/invitations`).send({ email, displayName: 'Again', grants: [] }).expect(409);
      expect(duplicate.body.errors).toEqual([{ field: 'email', problem: 'already exists' }]);
    });

    it('grants and revokes roles; a revoked role stops working at once', async () => {
      const footprint = await createFootprint(app);
      const user = await signedInAs(app);
      await user.http.get(`${API}/footprints/${footprint.id}`).expect(403);
      const granted = await admin.http.post(`${API}/users/${user.id}/grants`).send({ role: 'analyst', footprintId: footprint.id }).expect(201);
      await user.http.get(`${API}/footprints/${footprint.id}`).expect(200);
      await admin.http.post(`${API}/users/${user.id}/grants`).send({ role: 'analyst', footprintId: footprint.id }).expect(409);
      const grantId = granted.body.grants[0].id as string;
      await admin.http.delete(`${API}/users/${user.id}/grants/${grantId}`).expect(204);
      await user.http.get(`${API}/footprints/${footprint.id}`).expect(403);
    });

    it('refuses grants whose scope does not fit the role, naming the field', async () => {
      const footprint = await createFootprint(app);
      const res = await admin.http
        .post(`${API}/users/invitations`)
        .send({ email: uniqueEmail(), displayName: 'X', grants: [{ role: 'platform_admin', footprintId: footprint.id }, { role: 'footprint_lead' }, { role: 'overlord' }] })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['grants.0.footprintId', 'grants.1.footprintId', 'grants.2.role']);
    });

    it('lets only platform admins manage users', async () => {
      const footprint = await createFootprint(app);
      const lead = await signedInAs(app, { role: 'footprint_lead', footprintId: footprint.id });
      await lead.http.get(`${API}/users`).expect(403);
      await lead.http.post(`${API}/users/invitations`).send({ email: uniqueEmail(), displayName: 'X', grants: [{ role: 'platform_admin' }] }).expect(403);
      await lead.http.post(`${API}/users/${lead.id}/grants`).send({ role: 'platform_admin' }).expect(403);
      // GET /me says so, for the web app to hide the user pages; a lead keeps their footprint's keys, rules and webhooks.
      const me = await lead.http.get(`${API}/me`).expect(200);
      expect(me.body.actions).toEqual(expect.arrayContaining(['api_key.manage', 'alert_rule.manage', 'webhook.manage', 'audit.read', 'membership.read']));
      expect(me.body.actions).not.toContain('user.read');
      expect(me.body.actions).not.toContain('user.manage');
      expect(me.body.actions).not.toContain('membership.write');
      const adminMe = await admin.http.get(`${API}/me`).expect(200);
      expect(adminMe.body.actions).toEqual(expect.arrayContaining(['user.read', 'user.manage', 'membership.write', 'instrument.manage']));
      expect(adminMe.body.actionsEverywhere).toEqual(expect.arrayContaining(['round.manage', 'alert.manage', 'alert_rule.manage', 'user.manage']));
    });

    it('says per footprint what a lead of one footprint and analyst of another may do, as the API then decides', async () => {
      const led = await createFootprint(app);
      const analysed = await createFootprint(app);
      const user = await signedInAs(app, { role: 'footprint_lead', footprintId: led.id }, { role: 'analyst', footprintId: analysed.id });
      const me = await user.http.get(`${API}/me`).expect(200);
      // Somewhere, the lead may manage rounds and alert rules; on the analysed footprint only read them.
      expect(me.body.actions).toEqual(expect.arrayContaining(['round.manage', 'alert_rule.manage', 'free_text.read']));
      expect(me.body.actionsEverywhere).not.toContain('round.manage');
      const on = (id: string): string[] => me.body.footprints.find((f: { footprintId: string }) => f.footprintId === id).actions;
      expect(me.body.footprints).toHaveLength(2);
      expect(on(led.id)).toEqual(expect.arrayContaining(['round.read', 'round.manage', 'alert_rule.manage', 'alert.manage', 'free_text.read', 'webhook.manage']));
      expect(on(analysed.id)).toEqual(expect.arrayContaining(['round.read', 'alert_rule.read', 'score.read']));
      for (const action of ['round.manage', 'alert_rule.manage', 'alert.manage', 'free_text.read', 'webhook.manage']) expect(on(analysed.id)).not.toContain(action);
      // The API decides the same way. The analysed footprint exists for this user, so the refusal is a 403, not a 404.
      const refused = await user.http.post(`${API}/footprints/${analysed.id}/rounds`).send({ period: '2027-Q1', ...roundWindow() }).expect(403);
      expect(refused.body.detail).toBe('Your roles on this footprint do not allow round.manage');
      await user.http.post(`${API}/footprints/${led.id}/rounds`).send({ period: '2027-Q1', ...roundWindow() }).expect(201);
    });
  });

  describe('changes to a user reach every API instance', () => {
    /** Another instance hears of a change when PostgreSQL notifies it: asks for up to two seconds. */
    const eventually = (ask: () => request.Test, status: number) => until(`status ${status}`, async () => (await ask()).status === status, 2_000);

    /** Until an instance hears notifications it keeps no actor, and these tests would pass without the cache they are about. */
    const listening = (instance: INestApplication) => until('the instance to listen', async () => instance.get(DatabaseNotifications).listening('actor_changed'), 5_000);

    let other: INestApplication;
    beforeAll(async () => {
      other = await startApi();
      await withToken(other, admin.accessToken).get(`${API}/me`).expect(200);
      await admin.http.get(`${API}/me`).expect(200);
      await listening(app);
      await listening(other);
    });
    afterAll(async () => {
      await other.close();
    });

    async function analystOnBoth() {
      const footprint = await createFootprint(app);
      const user = await signedInAs(app, { role: 'analyst', footprintId: footprint.id });
      const onOther = withToken(other, user.accessToken);
      const read = { here: () => user.http.get(`${API}/footprints/${footprint.id}`), there: () => onOther.get(`${API}/footprints/${footprint.id}`) };
      await read.here().expect(200);
      await read.there().expect(200);
      return { user, footprint, read };
    }

    it('a grant revoked through one instance stops working on the other too', async () => {
      const { user, read } = await analystOnBoth();
      const [grant] = (await admin.http.get(`${API}/users/${user.id}`).expect(200)).body.grants as { id: string }[];
      await admin.http.delete(`${API}/users/${user.id}/grants/${grant?.id}`).expect(204);
      await read.here().expect(403);
      await eventually(read.there, 403);
    });

    it('a change made in the database by other means is heard by every instance', async () => {
      const { user, read } = await analystOnBoth();
      await db.query("UPDATE user_account SET status = 'disabled' WHERE id = $1", [user.id]);
      await eventually(read.here, 401);
      await eventually(read.there, 401);
      await db.query("UPDATE user_account SET status = 'active' WHERE id = $1", [user.id]);
      await eventually(read.there, 200);
    });

    it('while an instance cannot hear changes it reads every user afresh, and it listens again', async () => {
      const { user, footprint, read } = await analystOnBoth();
      const listeners = () => db.query<{ pid: number }[]>("SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = current_database()");
      const cut = await listeners();
      expect(cut.length).toBeGreaterThanOrEqual(2);
      await db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [cut.map((l) => l.pid)]);
      await db.query('DELETE FROM role_grant WHERE user_id = $1 AND footprint_id = $2', [user.id, footprint.id]);
      await eventually(read.here, 403);
      await eventually(read.there, 403);
      await listening(app);
      await listening(other);
      await read.here().expect(403);
      await read.there().expect(403);
      await until('new listening connections', async () => (await listeners()).filter((l) => !cut.some((c) => c.pid === l.pid)).length >= 2, 5_000);
    });
  });

  describe('mass assignment', () => {
    it('refuses, by name, footprint fields a lead may not set, and applies nothing', async () => {
      const footprint = await createFootprint(app);
      const lead = await signedInAs(app, { role: 'footprint_lead', footprintId: footprint.id });
      const res = await lead.http.patch(`${API}/footprints/${footprint.id}`).send({ name: 'Renamed', code: 'E54999999', nation: 'wales' }).expect(400);
      expect(res.body.errors).toEqual([
        { field: 'code', problem: 'may not be set by footprint_lead' },
        { field: 'nation', problem: 'may not be set by footprint_lead' },
      ]);
      const unchanged = await lead.http.get(`${API}/footprints/${footprint.id}`).expect(200);
      expect(unchanged.body).toMatchObject({ name: footprint.name, code: footprint.code });
      const renamed = await lead.http.patch(`${API}/footprints/${footprint.id}`).send({ name: 'Renamed', anonymityThreshold: 7 }).expect(200);
      expect(renamed.body).toMatchObject({ name: 'Renamed', anonymityThreshold: 7, code: footprint.code });
    });

    it('refuses ownership and scope fields nobody may set through a route, by name', async () => {
      const footprint = await createFootprint(app);
      const lead = await signedInAs(app, { role: 'footprint_lead', footprintId: footprint.id });
      const key = await lead.http.post(`${API}/api-keys`).send({ name: 'x', footprintIds: [footprint.id], createdByUserId: admin.id, revokedAt: null }).expect(400);
      expect(key.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['createdByUserId', 'revokedAt']);
      const user = await admin.http.patch(`${API}/users/${lead.id}`).send({ email: 'new@pulse.test', grants: [] }).expect(400);
      expect(user.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'grants']);
    });
  });

  describe('audit log', () => {
    it('records every write with who, role, action, entity, before and after, request id and time', async () => {
      const footprint = await createFootprint(app);
      await admin.http.patch(`${API}/footprints/${footprint.id}`).set('X-Request-Id', 'audit-trace-0001').send({ name: 'Audited name' }).expect(200);
      const res = await admin.http.get(`${API}/audit-entries?entityType=footprint&entityId=${footprint.id}`).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          action: 'footprint.update',
          actorType: 'user',
          actorId: admin.id,
          actorLabel: admin.email,
          actorRole: 'platform_admin',
          entityType: 'footprint',
          entityId: footprint.id,
          footprintId: footprint.id,
          before: expect.objectContaining({ name: footprint.name }),
          after: expect.objectContaining({ name: 'Audited name' }),
          requestId: 'audit-trace-0001',
          occurredAt: expect.stringMatching(/^\d{4}-/),
        }),
        expect.objectContaining({ action: 'footprint.create', before: null }),
      ]);
    });

    it('pages newest first with filters', async () => {
      const footprint = await createFootprint(app);
      for (const name of ['One', 'Two', 'Three']) await admin.http.patch(`${API}/footprints/${footprint.id}`).send({ name }).expect(200);
      const first = await admin.http.get(`${API}/audit-entries?footprintId=${footprint.id}&action=footprint.update&limit=2`).expect(200);
      expect(first.body.items.map((e: { after: { name: string } }) => e.after.name)).toEqual(['Three', 'Two']);
      const second = await admin.http.get(`${API}/audit-entries?footprintId=${footprint.id}&action=footprint.update&limit=2&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items.map((e: { after: { name: string } }) => e.after.name)).toEqual(['One']);
      expect(second.body.nextCursor).toBeNull();
    });

    it('shows a lead only their footprint’s entries; analysts not at all', async () => {
      const mine = await createFootprint(app);
      const theirs = await createFootprint(app);
      const lead = await signedInAs(app, { role: 'footprint_lead', footprintId: mine.id });
      await lead.http.patch(`${API}/footprints/${mine.id}`).send({ name: 'By the lead' }).expect(200);
      const entries = await lead.http.get(`${API}/audit-entries?limit=500`).expect(200);
      const footprints = new Set(entries.body.items.map((e: { footprintId: string }) => e.footprintId));
      expect([...footprints]).toEqual([mine.id]);
      expect(entries.body.items[0]).toMatchObject({ action: 'footprint.update', actorRole: 'footprint_lead', actorId: lead.id });
      const filtered = await lead.http.get(`${API}/audit-entries?footprintId=${theirs.id}`).expect(200);
      expect(filtered.body.items).toEqual([]);
      const analyst = await signedInAs(app, { role: 'analyst', footprintId: mine.id });
      await analyst.http.get(`${API}/audit-entries`).expect(403);
    });

    it('is append-only in the database itself', async () => {
      await createFootprint(app);
      await expect(db.query('UPDATE audit_entry SET action = $1', ['rewritten'])).rejects.toThrow(/append-only/);
      await expect(db.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
      await expect(db.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
    });
  });

  describe('audit entries outside a request', () => {
    const record = () => ({ action: 'round.close', entityType: 'round', entityId: randomUUID(), footprintId: randomUUID() });
    /** Writes `entry` in a transaction of its own, as a worker's job would, and reads back who the log names. */
    async function written(entry: AuditRecord, asSystem?: [string, string | undefined]): Promise<Record<string, unknown>> {
      const audit = app.get(AuditService);
      await db.transaction((manager) => (asSystem ? runAsSystem(...asSystem, () => audit.record(manager, entry)) : audit.record(manager, entry)));
      const [row] = await db.query(
        `SELECT actor_type AS "actorType", actor_id AS "actorId", actor_label AS "actorLabel", actor_role AS "actorRole", action, request_id AS "requestId"
         FROM audit_entry WHERE entity_type = 'round' AND entity_id = $1`,
        [entry.entityId],
      );
      return row;
    }

    it('names the part of the system that acted, and its job as the trace', async () => {
      expect(await written(record(), ['scheduler', 'repeat:schedule-tick:42'])).toEqual(
        expect.objectContaining({ actorType: 'system', actorId: null, actorLabel: 'scheduler', actorRole: null, action: 'round.close', requestId: 'repeat:schedule-tick:42' }),
      );
    });

    it('records an unnamed system actor when nothing says who acted', async () => {
      expect(await written(record())).toEqual(expect.objectContaining({ actorType: 'system', actorLabel: null, requestId: null }));
    });

    it('lets an explicit actor win over the context', async () => {
      expect(await written({ ...record(), actor: { type: 'anonymous' } }, ['scheduler', undefined])).toEqual(expect.objectContaining({ actorType: 'anonymous', actorLabel: null }));
    });
  });

  describe('first admin', () => {
    it('comes from the environment only while no platform admin exists', async () => {
      const email = uniqueEmail('bootstrap');
      expect(await app.get(AdminBootstrap).ensureAdmin(email, 'a bootstrap passphrase')).toBe(false);
      expect(await db.query('SELECT id FROM user_account WHERE email = $1', [email])).toEqual([]);
    });
  });
});
