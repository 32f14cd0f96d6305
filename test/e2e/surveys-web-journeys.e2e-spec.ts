import type { INestApplication } from '@nestjs/common';
import { DEFAULT_INSTRUMENT_ID } from '@pp/surveys';
import { startApi } from '../support/app';
import { asAdmin } from '../support/auth';
import { appUrlOf } from '../support/mail';
import { API, createRound, invitationsOf, openRound, partnership, type Partnership, pulseAnswers, request, type RoundBody, submitUrl } from './surveys-helpers';

interface QuestionBody {
  key: string;
  text: string;
  type: string;
  options: { value: string; label: string }[];
  allowDontKnow: boolean;
  required: boolean;
}

/**
 * What the web app's respondent journeys need of the API, asked the way the pages ask it: a link
 * a lead issued opened as APP_URL/pulse#token, each way a link can be bad told apart by `code`, a
 * signed-in submitter's invitations, pre-fill and resubmission, and instrument translations.
 */
describe('surveys: the API behind the web journeys', () => {
  let app: INestApplication;
  let appUrl: string;

  beforeAll(async () => {
    app = await startApi();
    appUrl = appUrlOf(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const pulse = (token?: string) => {
    const req = request(app.getHttpServer()).get(`${API}/pulse`);
    return token === undefined ? req : req.set('X-Pulse-Token', token);
  };
  const answer = (token: string, body: object) => request(app.getHttpServer()).post(`${API}/pulse/responses`).set('X-Pulse-Token', token).send(body);

  async function issueLinks(world: Partnership, round: RoundBody, organisationId: string, fields: Record<string, unknown> = {}) {
    const res = await world.lead.http.post(`${API}/rounds/${round.id}/links`).send({ organisationId, ...fields }).expect(201);
    return res.body.items as { id: string; token: string; url: string; organisationId: string; expiresAt: string }[];
  }

  it('opens a link a lead issued as the web app’s page, with everything the form shows, and counts its answer', async () => {
    const world = await partnership(app, 3);
    const [a, b, c] = world.members as [(typeof world.members)[0], (typeof world.members)[0], (typeof world.members)[0]];
    const round = await openRound(world.lead, world.footprint.id, { period: '2026-Q3' });
    const links = await issueLinks(world, round, b.id, { count: 2 });
    for (const link of links) {
      expect(link.url).toBe(`${appUrl}/pulse#${link.token}`);
      expect(new URL(link.url).hash.slice(1)).toBe(link.token);
    }
    const token = new URL((links[0] as { url: string }).url).hash.slice(1);

    const form = await pulse(token).expect(200);
    expect(form.body.round).toMatchObject({ id: round.id, period: '2026-Q3', status: 'open', closesAt: round.closesAt });
    expect(form.body.organisation).toEqual({ organisationId: b.id, code: b.code, name: b.name });
    expect(form.body.partners.map((p: { organisationId: string }) => p.organisationId).sort()).toEqual([a.id, c.id].sort());
    expect(form.body.partners.find((p: { organisationId: string }) => p.organisationId === a.id)).toEqual({ organisationId: a.id, code: a.code, name: a.name });
    const questions = form.body.instrument.questions as QuestionBody[];
    const partnerItems = questions.filter((q) => q.type === 'partner_rating').map((q) => q.key);
    expect(partnerItems).toEqual(['partner_overall', 'partner_reliable', 'partner_mission', 'partner_open', 'partner_communication', 'partner_problem_solving', 'partner_closer_links']);
    const byKey = Object.fromEntries(questions.map((q) => [q.key, q]));
    expect(byKey.trust_commitments).toMatchObject({ type: 'scale', allowDontKnow: true, required: true, options: expect.arrayContaining([{ value: 'agree', label: 'Agree' }]) });
    expect(byKey.involvement_decisions).toMatchObject({ allowDontKnow: false });
    expect(byKey.comments).toMatchObject({ type: 'free_text', required: false, options: [] });
    expect(form.body.respondentRoles).toContain('finance');

    // Welsh for every string of the default instrument, keyed as the English is.
    const cy = form.body.instrument.translations.cy;
    expect(cy.name).toBe('Pwls Iechyd y Berthynas');
    for (const question of questions) {
      expect([question.key, typeof cy.questions[question.key]?.text]).toEqual([question.key, 'string']);
      for (const option of question.options) expect([question.key, option.value, typeof cy.questions[question.key].options?.[option.value]]).toEqual([question.key, option.value, 'string']);
    }
    expect(Object.keys(cy.dimensions).sort()).toEqual(form.body.instrument.dimensions.map((d: { key: string }) => d.key).sort());

    await answer(token, pulseAnswers([a.id, c.id])).expect(201);
    const rates = await world.lead.http.get(`${API}/rounds/${round.id}/response-rates`).expect(200);
    expect(rates.body.organisations.find((o: { organisationId: string }) => o.organisationId === b.id)).toMatchObject({ respondents: 1 });
  });

  it('tells a missing, unknown, expired and used link apart, and a link into a round that is not open', async () => {
    const world = await partnership(app, 2);
    const [a, b] = world.members.map((m) => m.id) as [string, string];
    const round = await openRound(world.lead, world.footprint.id);
    const problem = (status: number, code: string) => expect.objectContaining({ status, code, detail: expect.any(String) });

    expect((await pulse().expect(401)).body).toEqual(problem(401, 'pulse_link_missing'));
    expect((await pulse('no-such-link').expect(401)).body).toEqual(problem(401, 'pulse_link_unknown'));

    const [soon] = await issueLinks(world, round, a, { expiresAt: new Date(Date.now() + 1500).toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await pulse(soon?.token).expect(401)).body).toEqual(problem(401, 'pulse_link_expired'));
    expect((await answer(soon?.token as string, pulseAnswers([b])).expect(401)).body).toEqual(problem(401, 'pulse_link_expired'));

    const [used] = await issueLinks(world, round, a);
    await answer(used?.token as string, pulseAnswers([b])).expect(201);
    expect((await pulse(used?.token).expect(409)).body).toEqual(problem(409, 'pulse_link_used'));
    expect((await answer(used?.token as string, pulseAnswers([b])).expect(409)).body).toEqual(problem(409, 'pulse_link_used'));

    const draft = await createRound(world.lead, world.footprint.id, { period: '2026-Q4' });
    const [early] = await issueLinks(world, draft, a);
    const notYet = await pulse(early?.token).expect(409);
    expect(notYet.body).toEqual(problem(409, 'round_not_open'));
    expect(notYet.body.errors).toEqual([{ field: 'status', problem: 'is draft' }]);

    const [late] = await issueLinks(world, round, a);
    await world.lead.http.post(`${API}/rounds/${round.id}/close`).expect(200);
    expect((await pulse(late?.token).expect(409)).body).toEqual(problem(409, 'round_not_open'));
    expect((await answer(late?.token as string, pulseAnswers([b])).expect(409)).body).toEqual(problem(409, 'round_not_open'));
  });

  it('gives a signed-in submitter their organisation’s invitations, their earlier answers while open, and replaces them on resubmission', async () => {
    const world = await partnership(app, 2);
    const [a, b] = world.members as [(typeof world.members)[0], (typeof world.members)[0]];
    const submitter = world.submitters[0]!;
    const round = await openRound(world.lead, world.footprint.id);
    const invitationId = (await invitationsOf(world.lead, round.id))[a.id] as string;

    const me = await submitter.http.get(`${API}/me`).expect(200);
    expect(me.body.grants).toEqual([{ role: 'org_submitter', organisationId: a.id }]);
    const listed = await submitter.http.get(`${API}/organisations/${a.id}/invitations?status=open`).expect(200);
    expect(listed.body.items).toEqual([{ id: invitationId, organisationId: a.id, organisationCode: a.code, organisationName: a.name, round: expect.objectContaining({ id: round.id, status: 'open' }) }]);
    await submitter.http.get(`${API}/invitations/${invitationId}/form`).expect(200);

    await submitter.http.get(`${API}/rounds/${round.id}/responses/mine`).expect(404);
    const first = await submitter.http.post(submitUrl(invitationId)).send(pulseAnswers([b.id], { trust_commitments: 'disagree' })).expect(201);
    expect(first.body.revision).toBe(1);
    const prefill = await submitter.http.get(`${API}/rounds/${round.id}/responses/mine`).expect(200);
    expect(prefill.body).toMatchObject({ revision: 1, respondentRole: 'finance', answers: { trust_commitments: 'disagree' }, partnerRatings: { [b.id]: { partner_overall: 'good' } } });

    const second = await submitter.http.post(submitUrl(invitationId)).send(pulseAnswers([], { trust_commitments: 'strongly_agree' })).expect(200);
    expect(second.body).toMatchObject({ id: first.body.id, revision: 2, partnersRated: 0 });
    const replaced = await submitter.http.get(`${API}/rounds/${round.id}/responses/mine`).expect(200);
    expect(replaced.body).toMatchObject({ revision: 2, answers: { trust_commitments: 'strongly_agree' }, partnerRatings: {} });
    const rates = await world.lead.http.get(`${API}/rounds/${round.id}/response-rates`).expect(200);
    expect(rates.body.organisations.find((o: { organisationId: string }) => o.organisationId === a.id)).toMatchObject({ respondents: 1 });

    await world.lead.http.post(`${API}/rounds/${round.id}/close`).expect(200);
    expect((await submitter.http.get(`${API}/rounds/${round.id}/responses/mine`).expect(409)).body.code).toBe('round_not_open');
    expect((await submitter.http.post(submitUrl(invitationId)).send(pulseAnswers([b.id])).expect(409)).body.code).toBe('round_not_open');
  });

  describe('instrument translations', () => {
    const content = (translations?: unknown) => ({
      name: 'Trust check',
      dimensions: [{ key: 'trust', name: 'Trust' }],
      questions: [
        { key: 'q1', text: 'Partners keep promises', type: 'scale', dimension: 'trust', options: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }] },
        { key: 'links', text: 'Closer links?', type: 'partner_rating', options: [{ value: 'no', label: 'No' }, { value: 'yes', label: 'Yes' }] },
      ],
      ...(translations === undefined ? {} : { translations }),
    });

    it('keeps a partial translation with its version, serves it with the form, and refuses keys the instrument lacks by name', async () => {
      const admin = await asAdmin(app);
      const key = `translated-${Date.now()}`;
      const cy = { name: 'Gwiriad ymddiriedaeth', questions: { q1: { text: 'Mae partneriaid yn cadw addewidion', options: { yes: 'Ydyn' } } } };
      const created = await admin.http.post(`${API}/instruments`).send({ key, ...content({ cy }) }).expect(201);
      expect(created.body.translations).toEqual({ cy });
      expect((await admin.http.post(`${API}/instruments`).send({ key: `${key}-plain`, ...content() }).expect(201)).body.translations).toEqual({});

      const unknownQuestion = await admin.http.post(`${API}/instruments`).send({ key, ...content({ cy: { questions: { q9: { text: 'Beth?' } } } }) }).expect(400);
      expect(unknownQuestion.body.errors).toEqual([{ field: 'translations.cy.questions.q9', problem: 'is not a question of this instrument' }]);
      const unknownOption = await admin.http.put(`${API}/instruments/${created.body.id}`).send(content({ cy: { questions: { links: { options: { maybe: 'Efallai' } } } } })).expect(400);
      expect(unknownOption.body.errors).toEqual([{ field: 'translations.cy.questions.links.options.maybe', problem: 'is not an option of links (no, yes)' }]);
      const badTag = await admin.http.post(`${API}/instruments`).send({ key, ...content({ Welsh: {} }) }).expect(400);
      expect(badTag.body.errors[0].field).toBe('translations.Welsh');

      const world = await partnership(app, 2);
      const round = await openRound(world.lead, world.footprint.id, { instrumentId: created.body.id });
      const invitationId = (await invitationsOf(world.lead, round.id))[world.members[0]!.id] as string;
      const form = await world.submitters[0]!.http.get(`${API}/invitations/${invitationId}/form`).expect(200);
      expect(form.body.instrument.translations).toEqual({ cy });

      // In use, the version is immutable: a changed translation becomes the next version.
      const cy2 = { ...cy, questions: { ...cy.questions, links: { text: 'Cysylltiadau agosach?' } } };
      const revised = await admin.http.put(`${API}/instruments/${created.body.id}`).send(content({ cy: cy2 })).expect(201);
      expect(revised.body).toMatchObject({ version: 2, translations: { cy: cy2 } });
      expect((await admin.http.get(`${API}/instruments/${created.body.id}`).expect(200)).body.translations).toEqual({ cy });
    });

    it('installs Welsh with the default instrument', async () => {
      const admin = await asAdmin(app);
      const res = await admin.http.get(`${API}/instruments/${DEFAULT_INSTRUMENT_ID}`).expect(200);
      expect(res.body.translations.cy).toMatchObject({ name: 'Pwls Iechyd y Berthynas', dimensions: { trust: 'Ymddiriedaeth' } });
      expect(res.body.translations.cy.questions.trust_commitments).toEqual({
        text: 'Mae partneriaid yn cyflawni’r hyn y maent yn ymrwymo iddo.',
        options: { strongly_disagree: 'Anghytuno’n gryf', disagree: 'Anghytuno', neither_agree_nor_disagree: 'Ddim yn cytuno nac yn anghytuno', agree: 'Cytuno', strongly_agree: 'Cytuno’n gryf' },
      });
    });
  });
});
