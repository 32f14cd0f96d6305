import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { signedInAs, uniqueEmail } from '../support/auth';
import { appUrlOf, linkIn, waitForMail } from '../support/mail';
import { API, openRound, partnership, pulseAnswers } from './surveys-helpers';

/** A lead pastes a list of addresses: each gets a single-use link by email, and the addresses are kept nowhere. */
describe('surveys: respondent links emailed to a list of addresses', () => {
  let app: INestApplication;
  let db: DataSource;
  let appUrl: string;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    appUrl = appUrlOf(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const linksOf = async (roundId: string): Promise<number> => Number((await db.query('SELECT count(*) AS n FROM respondent_link WHERE round_id = $1', [roundId]))[0].n);

  /** Every row of every table of the database, as text, searched for `needle`: the tables that hold it. */
  async function tablesHolding(needle: string): Promise<string[]> {
    const tables: { name: string }[] = await db.query(`SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const holding: string[] = [];
    for (const { name } of tables) {
      const [row] = await db.query(`SELECT count(*) AS n FROM ${name} t WHERE t::text ILIKE $1`, [`%${needle}%`]);
      if (Number(row.n) > 0) holding.push(name);
    }
    return holding;
  }

  it('emails one link to each address (repeats once); each link answers once for its organisation; no address is stored', async () => {
    const world = await partnership(app, 2);
    const [a, b] = world.members as [(typeof world.members)[0], (typeof world.members)[0]];
    const round = await openRound(world.lead, world.footprint.id);
    const first = uniqueEmail('respondent');
    const second = uniqueEmail('respondent');
    const res = await world.lead.http
      .post(`${API}/rounds/${round.id}/links/emails`)
      .send({ organisationId: b.id, emails: [first, second, first.toUpperCase()] })
      .expect(200);
    expect(res.body).toEqual({ emailed: 2, notEmailed: [] });
    expect(await linksOf(round.id)).toBe(2);

    const tokens: string[] = [];
    for (const address of [first, second]) {
      const mails = await waitForMail(address);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe(`[Partnership Pulse] Your link to the ${round.period} pulse of ${world.footprint.name}`);
      expect(mails[0]?.text).toContain(`${b.name} is asked how it sees the partnership`);
      tokens.push(decodeURIComponent(new URL(linkIn(mails[0], appUrl, 'pulse#')).hash.slice(1)));
    }
    expect(new Set(tokens).size).toBe(2);

    const form = await request(app.getHttpServer()).get(`${API}/pulse`).set('X-Pulse-Token', tokens[0]!).expect(200);
    expect(form.body.organisation.organisationId).toBe(b.id);
    await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', tokens[0]!).send(pulseAnswers([a.id])).expect(201);
    await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', tokens[0]!).send(pulseAnswers([a.id])).expect(409);

    // Not in any table (links, responses, outbox, audit log, receipts…), in either case.
    for (const address of [first, second]) expect(await tablesHolding(address.split('@')[0]!)).toEqual([]);
    const [audit] = await db.query(`SELECT after FROM audit_entry WHERE action = 'respondent_link.issue' AND entity_id = $1`, [round.id]);
    expect(audit.after).toMatchObject({ organisationId: b.id, count: 2 });
  });

  it('refuses bad input naming the field, and issues nothing', async () => {
    const world = await partnership(app, 1);
    const round = await openRound(world.lead, world.footprint.id);
    const organisationId = world.members[0]!.id;
    const post = (body: Record<string, unknown>) => world.lead.http.post(`${API}/rounds/${round.id}/links/emails`).send(body);

    const notAnAddress = await post({ organisationId, emails: [uniqueEmail(), 'not an address'] }).expect(400);
    expect(notAnAddress.body.errors).toEqual([{ field: 'emails', problem: 'must each be an email address' }]);
    expect((await post({ organisationId, emails: [] }).expect(400)).body.errors[0].field).toBe('emails');
    expect((await post({ emails: [uniqueEmail()] }).expect(400)).body.errors[0].field).toBe('organisationId');
    const stranger = await post({ organisationId: '00000000-0000-4000-8000-000000000000', emails: [uniqueEmail()] }).expect(400);
    expect(stranger.body.errors).toEqual([{ field: 'organisationId', problem: 'is not a member at the round’s dates' }]);
    const late = await post({ organisationId, emails: [uniqueEmail()], expiresAt: new Date(Date.now() + 365 * 24 * 3600_000).toISOString() }).expect(400);
    expect(late.body.errors[0].field).toBe('expiresAt');
    expect(await linksOf(round.id)).toBe(0);
  });

  it('is for the round’s leads: analysts and other footprints’ leads are refused', async () => {
    const world = await partnership(app, 1);
    const round = await openRound(world.lead, world.footprint.id);
    const body = { organisationId: world.members[0]!.id, emails: [uniqueEmail()] };
    const analyst = await signedInAs(app, { role: 'analyst', footprintId: world.footprint.id });
    await analyst.http.post(`${API}/rounds/${round.id}/links/emails`).send(body).expect(403);
    const other = await partnership(app, 1);
    await other.lead.http.post(`${API}/rounds/${round.id}/links/emails`).send(body).expect(404);
    expect(await linksOf(round.id)).toBe(0);
  });
});
