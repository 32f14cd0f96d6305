import type { INestApplication } from '@nestjs/common';
import { DEFAULT_INSTRUMENT_ID, InvitationsService, RoundSchedulesService } from '@pp/surveys';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { asAdmin, signedInAs } from '../support/auth';
import { addMember, createOrganisation } from '../support/factories-registry';
import { API, createRound, openRound, partnership, roundWindow } from './surveys-helpers';

describe('surveys: instruments, rounds, invitations, schedules', () => {
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  const jobs = (roundId: string): Promise<{ job_name: string; job_id: string; payload: Record<string, string> }[]> =>
    db.query(`SELECT job_name, job_id, payload FROM outbox WHERE payload->>'roundId' = $1 ORDER BY id`, [roundId]);

  describe('instruments', () => {
    const content = (extra: Record<string, unknown> = {}) => ({
      name: 'Trust check',
      dimensions: [{ key: 'trust', name: 'Trust' }],
      questions: [
        { key: 'q1', text: 'Partners keep promises', type: 'scale', dimension: 'trust', options: [{ value: 'no', label: 'No' }, { value: 'partly', label: 'Partly' }, { value: 'yes', label: 'Yes' }] },
        { key: 'links', text: 'Closer links?', type: 'partner_rating', options: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }] },
      ],
      ...extra,
    });

    it('installs Relationship Health Pulse v1 as the default', async () => {
      const admin = await asAdmin(app);
      const res = await admin.http.get(`${API}/instruments/${DEFAULT_INSTRUMENT_ID}`).expect(200);
      expect(res.body).toMatchObject({ key: 'relationship-health-pulse', version: 1, isDefault: true });
      expect(res.body.dimensions.map((d: { key: string }) => d.key)).toEqual(['trust', 'shared_purpose', 'involvement', 'communication', 'delivery']);
      expect(res.body.questions.filter((q: { type: string }) => q.type === 'partner_rating')).toHaveLength(7);
      expect(res.body.questions.find((q: { key: string }) => q.key === 'main_barrier').options).toHaveLength(7);
    });

    it('lets an admin create instruments; the same key makes the next version', async () => {
      const admin = await asAdmin(app);
      const key = `trust-check-${Date.now()}`;
      const first = await admin.http.post(`${API}/instruments`).send({ key, ...content() }).expect(201);
      expect(first.body).toMatchObject({ key, version: 1, isDefault: false, lockedAt: null });
      expect(first.body.questions.map((q: { key: string }) => q.key)).toEqual(['q1', 'links']);
      const second = await admin.http.post(`${API}/instruments`).send({ key, ...content({ name: 'Trust check, revised' }) }).expect(201);
      expect(second.body).toMatchObject({ key, version: 2, name: 'Trust check, revised' });
    });

    it('pages through instruments written within one millisecond without repeating or skipping one', async () => {
      const admin = await asAdmin(app);
      const key = `same-moment-${Date.now()}`;
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await admin.http.post(`${API}/instruments`).send({ key, ...content() }).expect(201)).body.id);
      // As one transaction's rows are: the same millisecond, microseconds apart (now() keeps them), and before any other instrument.
      for (const [i, micros] of ['123900', '123100', '123500'].entries()) await db.query(`UPDATE instrument SET created_at = $2 WHERE id = $1`, [ids[i], `2000-01-01T00:00:00.${micros}Z`]);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 3; page++) {
        const res = await admin.http.get(`${API}/instruments`).query({ limit: 1, ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(res.body.items[0].id);
        cursor = res.body.nextCursor;
      }
      // Oldest first, tied to the millisecond, so by id.
      expect(seen).toEqual([...ids].sort());
    });

    it('refuses bad content, naming each field', async () => {
      const admin = await asAdmin(app);
      const bad = content({
        questions: [
          { key: 'q1', text: 'No dimension', type: 'scale', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
          { key: 'q1', text: 'Again', type: 'yes_no', dimension: 'trust' },
        ],
      });
      const res = await admin.http.post(`${API}/instruments`).send({ key: 'bad-one', ...bad }).expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'questions[0].dimension', problem: expect.stringMatching(/required/) },
          { field: 'questions[1].key', problem: 'repeats q1' },
        ]),
      );
      const envelope = await admin.http.post(`${API}/instruments`).send({ key: 'bad-two', ...content(), questions: [{ key: 'x', type: 'essay' }] }).expect(400);
      expect(envelope.body.errors).toEqual(expect.arrayContaining([{ field: 'questions.0.type', problem: expect.stringMatching(/must be one of/) }]));
    });

    it('edits an unused version in place, and turns a change to a used version into a new version', async () => {
      const admin = await asAdmin(app);
      const created = await admin.http.post(`${API}/instruments`).send({ key: `edited-${Date.now()}`, ...content() }).expect(201);
      const edited = await admin.http.put(`${API}/instruments/${created.body.id}`).send(content({ name: 'Renamed' })).expect(200);
      expect(edited.body).toMatchObject({ id: created.body.id, version: 1, name: 'Renamed' });

      const { footprint, lead } = await partnership(app, 2);
      await createRound(lead, footprint.id, { instrumentId: created.body.id });
      const used = await admin.http.get(`${API}/instruments/${created.body.id}`).expect(200);
      expect(used.body.lockedAt).not.toBeNull();

      const revised = await admin.http.put(`${API}/instruments/${created.body.id}`).send(content({ name: 'Renamed again' })).expect(201);
      expect(revised.body).toMatchObject({ version: 2, name: 'Renamed again' });
      expect(revised.body.id).not.toBe(created.body.id);
      const unchanged = await admin.http.get(`${API}/instruments/${created.body.id}`).expect(200);
      expect(unchanged.body.name).toBe('Renamed');
    });

    it('lets only admins manage instruments, and anyone signed in read them', async () => {
      const { footprint } = await partnership(app, 1);
      const lead = await signedInAs(app, { role: 'footprint_lead', footprintId: footprint.id });
      await lead.http.post(`${API}/instruments`).send({ key: 'by-a-lead', ...content() }).expect(403);
      await lead.http.get(`${API}/instruments`).expect(200);
    });
  });

  describe('rounds', () => {
    it('creates a draft with the default instrument', async () => {
      const { footprint, lead } = await partnership(app, 2);
      const round = await createRound(lead, footprint.id, { period: '2026-Q4' });
      expect(round).toMatchObject({ footprintId: footprint.id, period: '2026-Q4', status: 'draft', instrumentId: DEFAULT_INSTRUMENT_ID, scheduled: false });
      const listed = await lead.http.get(`${API}/footprints/${footprint.id}/rounds`).expect(200);
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([round.id]);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a fifth quarter', { period: '2026-Q5' }, 'period'],
      ['a period without its dash', { period: '2026Q3' }, 'period'],
      ['a year before 2000', { period: '1999-Q1' }, 'period'],
      ['an opening that is not a time', { opensAt: 'next week' }, 'opensAt'],
      ['a close before the opening', roundWindow(0, -1), 'closesAt'],
      ['an unknown instrument', { instrumentId: '00000000-0000-4000-8000-000000000000' }, 'instrumentId'],
    ])('refuses %s with a 400 naming the field', async (_case, fields, field) => {
      const { footprint, lead } = await partnership(app, 1);
      const res = await lead.http.post(`${API}/footprints/${footprint.id}/rounds`).send({ period: '2026-Q3', ...roundWindow(), ...fields }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('allows one round per footprint and period (409)', async () => {
      const { footprint, lead } = await partnership(app, 1);
      await createRound(lead, footprint.id, { period: '2027-Q1' });
      const res = await lead.http.post(`${API}/footprints/${footprint.id}/rounds`).send({ period: '2027-Q1', ...roundWindow() }).expect(409);
      expect(res.body.detail).toMatch(/already has a round for 2027-Q1/);
    });

    it('opens a round by inviting the members at its dates, with a notification job each, in one go', async () => {
      const { footprint, members, lead } = await partnership(app, 3);
      const former = await createOrganisation(app);
      await addMember(app, footprint.id, former.id, '2016-04-01', '2022-06-30');
      const round = await openRound(lead, footprint.id);
      expect(round.status).toBe('open');

      const invitations = await lead.http.get(`${API}/rounds/${round.id}/invitations`).expect(200);
      expect(invitations.body.items.map((i: { organisationId: string }) => i.organisationId).sort()).toEqual(members.map((m) => m.id).sort());
      expect(invitations.body.items[0]).toMatchObject({ expectedRespondents: 5, reminderCount: 0 });

      const queued = await jobs(round.id);
      expect(queued.filter((j) => j.job_name === 'invitation.notify')).toHaveLength(3);
      expect(new Set(queued.map((j) => j.payload.organisationId))).toEqual(new Set(members.map((m) => m.id)));
    });

    it('gives the UK dates it counts members over, whose memberships are the organisations it invited', async () => {
      const { footprint, members, lead } = await partnership(app, 2);
      // Its last day is the round's first day in UTC, but the round opens on 1 July in the UK (BST).
      const former = await createOrganisation(app);
      await addMember(app, footprint.id, former.id, '2016-04-01', '2026-06-30');
      // A member for the first days of the round only, who left since: still one of its members.
      const leaver = await createOrganisation(app);
      await addMember(app, footprint.id, leaver.id, '2016-04-01', '2026-07-02');
      const joiner = await createOrganisation(app);
      await addMember(app, footprint.id, joiner.id, '2099-01-01');
      const round = await openRound(lead, footprint.id, { period: '2026-Q3', opensAt: '2026-06-30T23:30:00Z', closesAt: roundWindow().closesAt });
      expect(round).toMatchObject({ opensOn: '2026-07-01', closesOn: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) });

      const invitations = await lead.http.get(`${API}/rounds/${round.id}/invitations`).expect(200);
      const invited = invitations.body.items.map((i: { organisationId: string }) => i.organisationId).sort();
      expect(invited).toEqual([...members, leaver].map((m) => m.id).sort());
      const admin = (await asAdmin(app)).http;
      const listed = await admin.get(`${API}/footprints/${footprint.id}/members`).query({ from: round.opensOn, to: round.closesOn }).expect(200);
      expect(listed.body.items.map((m: { organisation: { id: string } }) => m.organisation.id).sort()).toEqual(invited);
    });

    it('moves only forward, and a refused move names the current status (409)', async () => {
      const { footprint, lead } = await partnership(app, 2);
      const draft = await createRound(lead, footprint.id);
      const early = await lead.http.post(`${API}/rounds/${draft.id}/close`).expect(409);
      expect(early.body.detail).toBe('The round is draft; it can become closed only from open');

      await lead.http.post(`${API}/rounds/${draft.id}/open`).expect(200);
      const twice = await lead.http.post(`${API}/rounds/${draft.id}/open`).expect(409);
      expect(twice.body.detail).toBe('The round is open; it can become open only from draft');

      const closed = await lead.http.post(`${API}/rounds/${draft.id}/close`).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed' });
      expect(closed.body.closedAt).not.toBeNull();
      const reopen = await lead.http.post(`${API}/rounds/${draft.id}/open`).expect(409);
      expect(reopen.body.detail).toBe('The round is closed; it can become open only from draft');
      await lead.http.post(`${API}/rounds/${draft.id}/close`).expect(409);

      const queued = await jobs(draft.id);
      expect(queued.filter((j) => j.job_name === 'round.score')).toEqual([{ job_name: 'round.score', job_id: `round.score-${draft.id}`, payload: { roundId: draft.id } }]);
    });

    it('will not open a round whose close has passed, or one with nobody to invite', async () => {
      const { footprint, lead } = await partnership(app, 1);
      const past = await createRound(lead, footprint.id, { period: '2025-Q1', ...roundWindow(-48, -24) });
      const late = await lead.http.post(`${API}/rounds/${past.id}/open`).expect(409);
      expect(late.body.detail).toMatch(/has passed/);

      const empty = await partnership(app, 0);
      const lonely = await createRound(empty.lead, empty.footprint.id);
      const res = await empty.lead.http.post(`${API}/rounds/${lonely.id}/open`).expect(409);
      expect(res.body.detail).toMatch(/no member organisations/);
    });

    it('lets leads manage their own footprint’s rounds only; analysts read; submitters and others do not', async () => {
      const { footprint, lead, submitters } = await partnership(app, 1);
      const round = await createRound(lead, footprint.id);
      const analyst = await signedInAs(app, { role: 'analyst', footprintId: footprint.id });
      await analyst.http.get(`${API}/rounds/${round.id}`).expect(200);
      await analyst.http.post(`${API}/rounds/${round.id}/open`).expect(403);

      const elsewhere = await partnership(app, 1);
      await elsewhere.lead.http.get(`${API}/rounds/${round.id}`).expect(404);
      await elsewhere.lead.http.post(`${API}/rounds/${round.id}/open`).expect(404);
      await elsewhere.lead.http.post(`${API}/footprints/${footprint.id}/rounds`).send({ period: '2026-Q3', ...roundWindow() }).expect(404);
      await submitters[0]?.http.get(`${API}/footprints/${footprint.id}/rounds`).expect(403);
      await submitters[0]?.http.post(`${API}/rounds/${round.id}/open`).expect(403);
    });
  });

  describe('schedules and scheduled jobs', () => {
    it('creates and opens the quarter’s round once, then closes it when due', async () => {
      const { footprint, members, lead } = await partnership(app, 2, { memberFrom: '2015-01-01' });
      const put = await lead.http.put(`${API}/footprints/${footprint.id}/round-schedule`).send({ openDay: 3, durationDays: 14 }).expect(200);
      expect(put.body).toEqual({ footprintId: footprint.id, instrumentId: null, openDay: 3, durationDays: 14 });

      const scheduler = app.get(RoundSchedulesService);
      // Before the window: nothing happens.
      expect((await scheduler.openScheduledRounds(new Date('2019-01-02T12:00:00Z'))).opened.filter((r) => r.footprintId === footprint.id)).toEqual([]);

      const during = new Date('2019-01-05T12:00:00Z');
      const run = await scheduler.openScheduledRounds(during);
      const opened = run.opened.filter((r) => r.footprintId === footprint.id);
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({ period: '2019-Q1', status: 'open', scheduled: true, instrumentId: DEFAULT_INSTRUMENT_ID });
      expect(opened[0]?.opensAt.toISOString()).toBe('2019-01-03T00:00:00.000Z');
      expect(opened[0]?.closesAt.toISOString()).toBe('2019-01-17T00:00:00.000Z');
      const invitations = await lead.http.get(`${API}/rounds/${opened[0]?.id}/invitations`).expect(200);
      expect(invitations.body.items).toHaveLength(members.length);

      const again = await scheduler.openScheduledRounds(new Date('2019-01-06T12:00:00Z'));
      expect(again.opened.filter((r) => r.footprintId === footprint.id)).toEqual([]);

      expect((await scheduler.closeDueRounds(new Date('2019-01-16T12:00:00Z'))).map((r) => r.id)).not.toContain(opened[0]?.id);
      const closed = await scheduler.closeDueRounds(new Date('2019-01-17T00:00:01Z'));
      expect(closed.map((r) => r.id)).toContain(opened[0]?.id);
      const round = await lead.http.get(`${API}/rounds/${opened[0]?.id}`).expect(200);
      expect(round.body.status).toBe('closed');
      expect((await jobs(opened[0]?.id as string)).map((j) => j.job_name)).toContain('round.score');
      expect(await scheduler.closeDueRounds(new Date('2019-01-18T00:00:00Z'))).not.toContainEqual(expect.objectContaining({ id: opened[0]?.id }));
    });

    it('reads and deletes a schedule', async () => {
      const { footprint, lead } = await partnership(app, 1);
      await lead.http.get(`${API}/footprints/${footprint.id}/round-schedule`).expect(404);
      await lead.http.put(`${API}/footprints/${footprint.id}/round-schedule`).send({ openDay: 30 }).expect(400);
      await lead.http.put(`${API}/footprints/${footprint.id}/round-schedule`).send({}).expect(200);
      const read = await lead.http.get(`${API}/footprints/${footprint.id}/round-schedule`).expect(200);
      expect(read.body).toMatchObject({ openDay: 1, durationDays: 21 });
      await lead.http.delete(`${API}/footprints/${footprint.id}/round-schedule`).expect(204);
      await lead.http.get(`${API}/footprints/${footprint.id}/round-schedule`).expect(404);
    });
  });

  describe('reminders', () => {
    it('reminds organisations below their expected respondents when the close is near, once a day', async () => {
      const { footprint, members, lead } = await partnership(app, 2);
      const round = await openRound(lead, footprint.id, roundWindow(-1, 48));
      const reminders = app.get(InvitationsService);

      const sent = await reminders.sendReminders(new Date());
      expect(sent.find((s) => s.roundId === round.id)?.organisationIds.sort()).toEqual(members.map((m) => m.id).sort());
      const queued = (await jobs(round.id)).filter((j) => j.job_name === 'invitation.remind');
      expect(queued).toHaveLength(2);

      // Within the day, neither the job nor the lead's button sends a second reminder.
      expect((await reminders.sendReminders(new Date())).find((s) => s.roundId === round.id)).toBeUndefined();
      const button = await lead.http.post(`${API}/rounds/${round.id}/reminders`).expect(200);
      expect(button.body).toEqual({ organisationIds: [] });

      const invitations = await lead.http.get(`${API}/rounds/${round.id}/invitations`).expect(200);
      expect(invitations.body.items.every((i: { reminderCount: number }) => i.reminderCount === 1)).toBe(true);
    });

    it('does not remind far from the close, and refuses reminders for a round that is not open', async () => {
      const { footprint, lead } = await partnership(app, 1);
      const round = await openRound(lead, footprint.id, roundWindow(-1, 24 * 10));
      expect((await app.get(InvitationsService).sendReminders(new Date())).find((s) => s.roundId === round.id)).toBeUndefined();
      const draft = await createRound(lead, footprint.id, { period: '2026-Q4' });
      const res = await lead.http.post(`${API}/rounds/${draft.id}/reminders`).expect(409);
      expect(res.body.detail).toMatch(/The round is draft/);
    });
  });
});
