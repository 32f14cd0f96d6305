import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { signedInAs } from '../support/auth';
import type { OrganisationBody } from '../support/factories-registry';
import { API, invitationsOf, openRound, partnership, type Partnership, pulseAnswers, request, type RoundBody, submitUrl, uploadCsv } from './surveys-helpers';

describe('surveys: responses over HTTP', () => {
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  async function issueLink(world: Partnership, round: RoundBody, organisationId: string, fields: Record<string, unknown> = {}): Promise<string> {
    const res = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId, ...fields }).expect(201);
    return res.body.items[0].token as string;
  }

  it('runs a whole round: open, invite, submit by account and by link, resubmit, retry, rates, close', async () => {
    const world = await partnership(app, 3);
    const [a, b, c] = world.members.map((m) => m.id) as [string, string, string];
    const [submitterA] = world.submitters;
    const round = await openRound(world.lead, world.footprint.id);
    const invitations = await invitationsOf(world.lead, round.id);
    const toA = submitUrl(invitations[a] as string);

    // The submitter finds the invitation, then the form: the instrument and the partners they may rate.
    const opened = await submitterA!.http.get(`${API}/organisations/${a}/invitations?status=open`).expect(200);
    expect(opened.body.items.map((i: { id: string; round: { id: string } }) => [i.id, i.round.id])).toEqual([[invitations[a], round.id]]);
    const form = await submitterA!.http.get(`${API}/invitations/${invitations[a]}/form`).expect(200);
    expect(form.body.organisation.organisationId).toBe(a);
    expect(form.body.partners.map((p: { organisationId: string }) => p.organisationId).sort()).toEqual([b, c].sort());
    expect(form.body.instrument.questions).toHaveLength(21);

    // First submission: 201; the answers are stored and scored.
    const first = await submitterA!.http.post(toA).send(pulseAnswers([b, c])).expect(201);
    expect(first.body).toMatchObject({ roundId: round.id, organisationId: a, respondentRole: 'finance', revision: 1, partnersRated: 2 });
    const [stored] = await db.query('SELECT choices, item_scores, dimension_scores, free_text FROM response WHERE id = $1', [first.body.id]);
    expect(stored.choices).toEqual([3, 3, 1, 3, 3, 2, 3, 3, 3, 2, 3, 3, 4]);
    expect(stored.item_scores.slice(0, 3)).toEqual([75, 75, 50]);
    expect(stored.dimension_scores).toHaveLength(5);
    expect(stored.free_text).toEqual({ comments: 'Joint working on discharge is getting better.' });
    const ratings = await db.query('SELECT partner_organisation_id, organisation_id, choices, item_scores, score FROM response_partner_rating WHERE response_id = $1', [first.body.id]);
    expect(ratings.map((r: { partner_organisation_id: string }) => r.partner_organisation_id).sort()).toEqual([b, c].sort());
    expect(ratings[0]).toMatchObject({ organisation_id: a, choices: [3, 3, 3, 3, 3, 3, 1], item_scores: [75, 75, 75, 75, 75, 75, 100] });
    expect(ratings[0].score).toBeCloseTo((6 * 75 + 100) / 7, 4);

    // The respondent sees their own answers while the round is open.
    const mine = await submitterA!.http.get(`${API}/rounds/${round.id}/responses/mine`).expect(200);
    expect(mine.body.answers.trust_commitments).toBe('agree');
    expect(Object.keys(mine.body.partnerRatings).sort()).toEqual([b, c].sort());

    // Resubmission replaces: 200, revision 2, partners no longer rated are gone.
    const again = await submitterA!.http.post(toA).send(pulseAnswers([b], { trust_commitments: 'strongly_agree' })).expect(200);
    expect(again.body).toMatchObject({ id: first.body.id, revision: 2, partnersRated: 1 });
    expect(await db.query('SELECT partner_organisation_id FROM response_partner_rating WHERE response_id = $1', [first.body.id])).toEqual([{ partner_organisation_id: b }]);
    expect((await db.query('SELECT count(*)::int AS n FROM response WHERE round_id = $1', [round.id]))[0].n).toBe(1);

    // An idempotent retry returns the same result and writes nothing.
    const key = randomUUID();
    const body = pulseAnswers([b, c], { trust_openness: 'disagree' });
    const keyed = await submitterA!.http.post(toA).set('Idempotency-Key', key).send(body).expect(200);
    expect(keyed.body.revision).toBe(3);
    const retry = await submitterA!.http.post(toA).set('Idempotency-Key', key).send(body).expect(200);
    expect(retry.body).toEqual(keyed.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((await db.query('SELECT revision FROM response WHERE id = $1', [first.body.id]))[0].revision).toBe(3);
    const reused = await submitterA!.http.post(toA).set('Idempotency-Key', key).send(pulseAnswers([b])).expect(422);
    expect(reused.body.errors).toEqual([{ field: 'Idempotency-Key', problem: 'was used for a different request' }]);

    // A respondent without an account answers for B through a link; the link answers once.
    const token = await issueLink(world, round, b);
    const linkForm = await request(app.getHttpServer()).get(`${API}/pulse`).set('X-Pulse-Token', token).expect(200);
    expect(linkForm.body.organisation.organisationId).toBe(b);
    const linkKey = randomUUID();
    const viaLink = await request(app.getHttpServer())
      .post(`${API}/pulse/responses`)
      .set('X-Pulse-Token', token)
      .set('Idempotency-Key', linkKey)
      .send({ ...pulseAnswers([a, c]), respondentRole: 'adult_social_care' })
      .expect(201);
    expect(viaLink.body).toMatchObject({ organisationId: b, respondentRole: 'adult_social_care', revision: 1, partnersRated: 2 });
    const linkRetry = await request(app.getHttpServer())
      .post(`${API}/pulse/responses`)
      .set('X-Pulse-Token', token)
      .set('Idempotency-Key', linkKey)
      .send({ ...pulseAnswers([a, c]), respondentRole: 'adult_social_care' })
      .expect(201);
    expect(linkRetry.body).toEqual(viaLink.body);
    const spent = await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', token).send(pulseAnswers([a])).expect(409);
    expect(spent.body.detail).toMatch(/already been used/);
    const [link] = await db.query('SELECT token_hash, used_at FROM respondent_link WHERE round_id = $1', [round.id]);
    expect(link.used_at).not.toBeNull();
    expect(link.token_hash.toString('base64url')).not.toBe(token);

    // Leads follow the response rate live.
    const rates = await world.lead.http.get(`${API}/rounds/${round.id}/response-rates`).expect(200);
    expect(rates.body).toMatchObject({ respondents: 2, expectedRespondents: 15, organisationsInvited: 3, organisationsResponded: 2 });
    expect(rates.body.organisations.find((o: { organisationId: string }) => o.organisationId === a)).toMatchObject({ respondents: 1, expectedRespondents: 5, rate: 0.2 });

    // Close: submissions get 409, and nobody sees individual answers any more.
    await world.lead.http.post(`${API}/rounds/${round.id}/close`).expect(200);
    const late = await submitterA!.http.post(toA).send(pulseAnswers([b])).expect(409);
    expect(late.body.detail).toMatch(/^The round is closed/);
    const retriedLate = await submitterA!.http.post(toA).set('Idempotency-Key', key).send(body).expect(200);
    expect(retriedLate.body).toEqual(keyed.body);
    await submitterA!.http.get(`${API}/rounds/${round.id}/responses/mine`).expect(409);
    await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId: c }).expect(409);
    const rescore = await db.query(`SELECT job_id FROM outbox WHERE job_name = 'round.rescore' AND payload->>'roundId' = $1`, [round.id]);
    expect(rescore.length).toBeGreaterThanOrEqual(1);
  });

  it('writes once for an Idempotency-Key sent several times at once, and answers each with that one result', async () => {
    const world = await partnership(app, 2);
    const [a, b] = world.members.map((m) => m.id) as [string, string];
    const round = await openRound(world.lead, world.footprint.id);
    const toA = submitUrl((await invitationsOf(world.lead, round.id))[a] as string);
    const body = pulseAnswers([b]);
    const key = randomUUID();
    const byAccount = await Promise.all([1, 2, 3, 4].map(() => world.submitters[0]!.http.post(toA).set('Idempotency-Key', key).send(body)));
    expect(byAccount.map((res) => res.status)).toEqual([201, 201, 201, 201]);
    for (const res of byAccount) expect(res.body).toEqual(byAccount[0]!.body);
    expect(byAccount.filter((res) => res.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    expect(await db.query('SELECT revision FROM response WHERE round_id = $1', [round.id])).toEqual([{ revision: 1 }]);

    const token = await issueLink(world, round, b);
    const linkKey = randomUUID();
    const viaLink = await Promise.all(
      [1, 2, 3, 4].map(() => request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', token).set('Idempotency-Key', linkKey).send(pulseAnswers([a]))),
    );
    expect(viaLink.map((res) => res.status)).toEqual([201, 201, 201, 201]);
    for (const res of viaLink) expect(res.body).toEqual(viaLink[0]!.body);
    expect((await db.query(`SELECT count(*)::int AS n FROM response WHERE round_id = $1 AND source = 'link'`, [round.id]))[0].n).toBe(1);
    expect((await db.query('SELECT count(*)::int AS n FROM submission_receipt WHERE round_id = $1', [round.id]))[0].n).toBe(2);
  });

  describe('bad input', () => {
    let world: Partnership;
    let round: RoundBody;
    let a: string;
    let b: string;
    let toA: string;
    let toB: string;

    beforeAll(async () => {
      world = await partnership(app, 2);
      [a, b] = world.members.map((m) => m.id) as [string, string];
      round = await openRound(world.lead, world.footprint.id);
      const invitations = await invitationsOf(world.lead, round.id);
      [toA, toB] = [submitUrl(invitations[a] as string), submitUrl(invitations[b] as string)];
    });

    const post = (body: unknown) => world.submitters[0]!.http.post(toA).send(body as object);

    it.each<[string, () => unknown, () => { field: string; problem: RegExp }]>([
      ['a missing required answer', () => pulseAnswers([b], { trust_openness: undefined }), () => ({ field: 'answers.trust_openness', problem: /^is required$/ })],
      ['a value that is not an option', () => pulseAnswers([b], { trust_openness: 'very much' }), () => ({ field: 'answers.trust_openness', problem: /must be one of strongly_disagree, .*got 'very much'/ })],
      ["don't know where it is not offered", () => pulseAnswers([b], { involvement_decisions: 'dont_know' }), () => ({ field: 'answers.involvement_decisions', problem: /does not allow dont_know/ })],
      ['an unknown question', () => pulseAnswers([b], { mood: 'good' }), () => ({ field: 'answers.mood', problem: /not a question/ })],
      ['a rating of the own organisation', () => ({ ...pulseAnswers([]), partnerRatings: pulseAnswers([a]).partnerRatings }), () => ({ field: `partnerRatings.${a}`, problem: /own organisation/ })],
      [
        'a rating of a non-member',
        () => ({ ...pulseAnswers([]), partnerRatings: { '9b2f6a0e-8f3a-4c4e-9d61-6f3a8e2b1c00': { partner_overall: 'good' } } }),
        () => ({ field: 'partnerRatings.9b2f6a0e-8f3a-4c4e-9d61-6f3a8e2b1c00', problem: /not a member/ }),
      ],
      [
        'a partner rating missing an item',
        () => ({ ...pulseAnswers([]), partnerRatings: { [b]: { partner_overall: 'good' } } }),
        () => ({ field: `partnerRatings.${b}.partner_reliable`, problem: /^is required$/ }),
      ],
      ['a role outside the list', () => ({ ...pulseAnswers([b]), respondentRole: 'mayor' }), () => ({ field: 'respondentRole', problem: /must be one of/ })],
      ['answers that are not an object', () => ({ ...pulseAnswers([b]), answers: ['agree'] }), () => ({ field: 'answers', problem: /object/ })],
      ['an unexpected field', () => ({ ...pulseAnswers([b]), respondent: 'me' }), () => ({ field: 'respondent', problem: /should not exist/ })],
    ])('refuses %s with 400 naming the question or partner', async (_case, body, expectation) => {
      const res = await post(body()).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const expected = expectation();
      expect(res.body.errors).toContainEqual({ field: expected.field, problem: expect.stringMatching(expected.problem) });
    });

    it('refuses a malformed Idempotency-Key', async () => {
      const res = await world.submitters[0]!.http.post(toA).set('Idempotency-Key', 'has spaces in it').send(pulseAnswers([b])).expect(400);
      expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', problem: expect.any(String) }]);
    });

    it('lets submitters answer only their own organisation’s invitations', async () => {
      await world.submitters[0]!.http.post(toB).send(pulseAnswers([a])).expect(404);
      await world.submitters[0]!.http.get(`${API}/organisations/${b}/invitations`).expect(404);
      const elsewhere = await partnership(app, 1);
      await elsewhere.submitters[0]!.http.post(toA).send(pulseAnswers([])).expect(404);
      await world.lead.http.post(toA).send(pulseAnswers([b])).expect(403);
      await request(app.getHttpServer()).post(toA).send(pulseAnswers([b])).expect(401);
    });

    it('refuses missing, unknown and expired link tokens', async () => {
      await request(app.getHttpServer()).post(`${API}/pulse/responses`).send(pulseAnswers([a])).expect(401);
      await request(app.getHttpServer()).get(`${API}/pulse`).set('X-Pulse-Token', 'not-a-token').expect(401);
      const res = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId: b, expiresAt: new Date(Date.now() + 1500).toISOString() }).expect(201);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const expired = await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', res.body.items[0].token).send(pulseAnswers([a])).expect(401);
      expect(expired.body.detail).toMatch(/expired/);
    });

    it('issues links only for members, with an expiry no later than the close', async () => {
      const outsider = await partnership(app, 1);
      const res = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId: outsider.members[0]!.id }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'organisationId', problem: expect.stringMatching(/not a member/) }]);
      const late = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId: a, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() }).expect(400);
      expect(late.body.errors[0].field).toBe('expiresAt');
      const many = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId: a, count: 3 }).expect(201);
      expect(new Set(many.body.items.map((l: { token: string }) => l.token)).size).toBe(3);
    });
  });

  describe('privacy', () => {
    it('shows free text only to the footprint’s leads, after close, from organisations at the anonymity threshold', async () => {
      const world = await partnership(app, 2, { footprint: { anonymityThreshold: 3 } });
      const [a, b] = world.members.map((m) => m.id) as [string, string];
      const round = await openRound(world.lead, world.footprint.id);
      const invitations = await invitationsOf(world.lead, round.id);
      // Three respondents at A (one signed in, two by link), one at B.
      await world.submitters[0]!.http.post(submitUrl(invitations[a] as string)).send(pulseAnswers([b], { comments: 'A one' })).expect(201);
      for (const text of ['A two', 'A three']) {
        const token = await issueLink(world, round, a);
        await request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', token).send(pulseAnswers([b], { comments: text })).expect(201);
      }
      await world.submitters[1]!.http.post(submitUrl(invitations[b] as string)).send(pulseAnswers([a], { comments: 'B alone' })).expect(201);

      const early = await world.lead.http.get(`${API}/rounds/${round.id}/free-text`).expect(409);
      expect(early.body.detail).toMatch(/once it has closed/);
      await world.lead.http.post(`${API}/rounds/${round.id}/close`).expect(200);

      const res = await world.lead.http.get(`${API}/rounds/${round.id}/free-text`).expect(200);
      expect(res.body.items.map((i: { answers: { comments: string } }) => i.answers.comments).sort()).toEqual(['A one', 'A three', 'A two']);
      expect(res.body.items.every((i: Record<string, unknown>) => Object.keys(i).sort().join() === 'answers,organisationId')).toBe(true);

      const analyst = await signedInAs(app, { role: 'analyst', footprintId: world.footprint.id });
      await analyst.http.get(`${API}/rounds/${round.id}/free-text`).expect(403);
      const admin = await signedInAs(app, { role: 'platform_admin' });
      await admin.http.get(`${API}/rounds/${round.id}/free-text`).expect(403);
      const otherLead = (await partnership(app, 1)).lead;
      await otherLead.http.get(`${API}/rounds/${round.id}/free-text`).expect(404);
    });

    it('never shows one respondent another’s answers', async () => {
      const world = await partnership(app, 2);
      const [a, b] = world.members.map((m) => m.id) as [string, string];
      const round = await openRound(world.lead, world.footprint.id);
      const invitations = await invitationsOf(world.lead, round.id);
      await world.submitters[0]!.http.post(submitUrl(invitations[a] as string)).send(pulseAnswers([b])).expect(201);
      const colleague = await signedInAs(app, { role: 'org_submitter', organisationId: a });
      await colleague.http.get(`${API}/rounds/${round.id}/responses/mine`).expect(404);
      await world.lead.http.get(`${API}/rounds/${round.id}/responses/mine`).expect(404);
    });
  });

  describe('offline upload', () => {
    it('imports a sheet of responses all at once, with partner ratings by code', async () => {
      const world = await partnership(app, 3);
      const [a, b, c] = world.members as [OrganisationBody, OrganisationBody, OrganisationBody];
      const round = await openRound(world.lead, world.footprint.id);
      const base = Object.fromEntries(Object.entries(pulseAnswers([]).answers).map(([key, value]) => [key, String(value)]));
      const csv = uploadCsv([
        { organisation: a.code, respondent_role: 'chief_executive', ...base, [`partner_overall:${b.code}`]: 'good', [`partner_closer_links:${b.code}`]: 'yes', ...partnerCells(b.code) },
        { organisation: b.code, respondent_role: 'clinical_gp', ...base, comments: '' },
        { organisation: c.code, respondent_role: 'other', ...base, trust_openness: 'dont_know' },
      ]);
      const res = await world.lead.http.post(`${API}/rounds/${round.id}/responses/import`).set('Content-Type', 'text/csv').send(csv).expect(201);
      expect(res.body).toEqual({ roundId: round.id, imported: 3 });
      const rows = await db.query(`SELECT organisation_id, source, respondent_role FROM response WHERE round_id = $1 ORDER BY respondent_role`, [round.id]);
      expect(rows).toEqual([
        { organisation_id: a.id, source: 'import', respondent_role: 'chief_executive' },
        { organisation_id: b.id, source: 'import', respondent_role: 'clinical_gp' },
        { organisation_id: c.id, source: 'import', respondent_role: 'other' },
      ]);
      const rated = await db.query('SELECT organisation_id, partner_organisation_id FROM response_partner_rating WHERE round_id = $1', [round.id]);
      expect(rated).toEqual([{ organisation_id: a.id, partner_organisation_id: b.id }]);
    });

    it('imports nothing from a sheet with bad rows, and lists every problem by row and column (422)', async () => {
      const world = await partnership(app, 2);
      const [a, b] = world.members as [OrganisationBody, OrganisationBody];
      const round = await openRound(world.lead, world.footprint.id);
      const base = Object.fromEntries(Object.entries(pulseAnswers([]).answers).map(([key, value]) => [key, String(value)]));
      const csv = uploadCsv([
        { organisation: a.code, respondent_role: 'finance', ...base, ...partnerCells(b.code) },
        { organisation: 'E06999999', respondent_role: 'finance', ...base },
        { organisation: b.code, respondent_role: 'mayor', ...base, trust_commitments: 'yes please' },
        { organisation: a.code, respondent_role: 'finance', ...base, [`partner_overall:${b.code}`]: 'good' },
      ]);
      const res = await world.lead.http.post(`${API}/rounds/${round.id}/responses/import`).set('Content-Type', 'text/csv').send(csv).expect(422);
      expect(res.body.detail).toMatch(/^Nothing was imported: 3 row\(s\)/);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { row: 2, field: 'organisation', problem: 'E06999999 is not a member organisation at the round’s dates' },
          { row: 3, field: 'respondent_role', problem: expect.stringMatching(/got 'mayor'/) },
          { row: 3, field: 'trust_commitments', problem: expect.stringMatching(/got 'yes please'/) },
          { row: 4, field: `partner_reliable:${b.code}`, problem: 'is required' },
        ]),
      );
      expect((await db.query('SELECT count(*)::int AS n FROM response WHERE round_id = $1', [round.id]))[0].n).toBe(0);

      const header = await world.lead.http
        .post(`${API}/rounds/${round.id}/responses/import`)
        .set('Content-Type', 'text/csv')
        .send(`organisation,respondent_role,mood,partner_overall,partner_overall:NOPE\n${a.code},finance,good,good,good\n`)
        .expect(422);
      expect(header.body.errors).toEqual([
        { field: 'mood', problem: 'is not a question of this round’s instrument' },
        { field: 'partner_overall', problem: expect.stringMatching(/name the partner as partner_overall:<organisation code>/) },
        { field: 'partner_overall:NOPE', problem: 'NOPE is not a member organisation at the round’s dates' },
      ]);
      await world.lead.http.post(`${API}/rounds/${round.id}/responses/import`).set('Content-Type', 'text/csv').send('organisation,respondent_role\n').expect(422);
      await world.lead.http.post(`${API}/rounds/${round.id}/responses/import`).send({ csv: 'no' }).expect(400);
    });

    it('lets only leads upload, and only while the round is open', async () => {
      const world = await partnership(app, 2);
      const [a] = world.members as [OrganisationBody];
      const round = await openRound(world.lead, world.footprint.id);
      const csv = uploadCsv([{ organisation: a.code, respondent_role: 'finance', ...Object.fromEntries(Object.entries(pulseAnswers([]).answers).map(([k, v]) => [k, String(v)])) }]);
      await world.submitters[0]!.http.post(`${API}/rounds/${round.id}/responses/import`).set('Content-Type', 'text/csv').send(csv).expect(403);
      await world.lead.http.post(`${API}/rounds/${round.id}/close`).expect(200);
      const res = await world.lead.http.post(`${API}/rounds/${round.id}/responses/import`).set('Content-Type', 'text/csv').send(csv).expect(409);
      expect(res.body.detail).toMatch(/^The round is closed/);
    });
  });
});

function partnerCells(code: string): Record<string, string> {
  return Object.fromEntries(
    ['partner_overall', 'partner_reliable', 'partner_mission', 'partner_open', 'partner_communication', 'partner_problem_solving', 'partner_closer_links'].map((key) => [
      `${key}:${code}`,
      key === 'partner_overall' ? 'good' : key === 'partner_closer_links' ? 'no' : 'agree',
    ]),
  );
}
