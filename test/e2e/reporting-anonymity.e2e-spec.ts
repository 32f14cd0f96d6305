import type { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { Test } from '@nestjs/testing';
import { ReportingWorkerModule, RoundGateDecisions } from '@pp/reporting';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { createApiKey } from '../support/auth';
import { addMember, API, createFootprint, createOrganisation, uniqueCode } from '../support/factories-registry';

/**
 * The anonymity gate over HTTP, tried the way a consumer would attack it: fetch every published
 * cell through any filter and format, then subtract published parts from published totals. Scores
 * are written straight into the score tables, as a scoring run would leave them.
 */
const K = 5;

interface Member {
  id: string;
  code: string;
  sector: 'nhs' | 'local_government';
  n: number;
  mean: number;
}

type Row = Record<string, string | number | boolean | null>;

describe('reporting: the anonymity gate against differencing', () => {
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
  });

  async function member(footprintId: string, sector: Member['sector'], n: number, mean: number): Promise<Member> {
    const fields = sector === 'nhs' ? { code: uniqueCode.gpPractice(), type: 'gp_practice' } : { code: uniqueCode.unitaryAuthority(), type: 'unitary_authority' };
    const organisation = await createOrganisation(app, { ...fields, name: `Member ${fields.code}` });
    await addMember(app, footprintId, organisation.id, '2024-04-01');
    return { id: organisation.id, code: organisation.code, sector, n, mean };
  }

  async function scoredRound(footprintId: string, period: string, previousRoundId: string | null): Promise<string> {
    const [round] = await db.query(
      `INSERT INTO round (footprint_id, instrument_id, period, opens_at, closes_at, status, scored_at)
       SELECT $1, id, $2, now() - interval '30 days', now() - interval '1 day', 'scored', now() FROM instrument WHERE is_default RETURNING id`,
      [footprintId, period],
    );
    await db.query(
      `INSERT INTO round_scoring (round_id, footprint_id, period, provisional, respondents, previous_round_id, computed_at, duration_ms) VALUES ($1, $2, $3, false, 0, $4, now(), 1)`,
      [round.id, footprintId, period, previousRoundId],
    );
    return round.id as string;
  }

  interface Score {
    scope: string;
    subject: string;
    measure: string;
    organisationId?: string;
    partnerOrganisationId?: string;
    sector?: string;
    partnerSector?: string;
    respondents: number;
    mean: number;
    previous?: { roundId: string; mean: number; respondents: number };
  }

  async function writeScores(footprintId: string, roundId: string, period: string, scores: Score[]): Promise<void> {
    for (const s of scores) {
      await db.query(
        `INSERT INTO score (footprint_id, round_id, period, provisional, scope, subject, measure, organisation_id, partner_organisation_id, sector, partner_sector,
           respondents, n, mean, sd, ci_lower, ci_upper, band, previous_round_id, previous_mean, previous_respondents, delta, p_value, significant, trend, slope, slope_min_respondents, computed_at)
         VALUES ($1, $2, $3, false, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12::float8, 10, $12::float8 - 5, $12::float8 + 5, 'moderate', $13, $14::float8, $15::int, $12::float8 - $14::float8, 0.01, true, 'improving', $12::float8 - $14::float8, $15::int, now())`,
        [footprintId, roundId, period, s.scope, s.subject, s.measure, s.organisationId ?? null, s.partnerOrganisationId ?? null, s.sector ?? null, s.partnerSector ?? null,
          s.respondents, s.mean, s.previous?.roundId ?? null, s.previous?.mean ?? null, s.previous?.respondents ?? null],
      );
    }
  }

  /** Organisation, sector and footprint scores of two measures, consistent with each other as a scoring run computes them. */
  function respondentScores(members: Member[], previous?: { roundId: string; members: Member[] }): Score[] {
    const weighted = (group: Member[], shift: number) => ({ respondents: group.reduce((s, m) => s + m.n, 0), mean: group.reduce((s, m) => s + m.n * (m.mean + shift), 0) / group.reduce((s, m) => s + m.n, 0) });
    const scores: Score[] = [];
    for (const [measure, shift] of [['rhi', 0], ['trust', 3]] as const) {
      const before = (m: Member) => previous?.members.find((p) => p.id === m.id);
      for (const m of members) {
        const p = before(m);
        scores.push({ scope: 'organisation', subject: m.id, measure, organisationId: m.id, respondents: m.n, mean: m.mean + shift, previous: p && previous ? { roundId: previous.roundId, mean: p.mean + shift, respondents: p.n } : undefined });
      }
      for (const sector of ['nhs', 'local_government'] as const) scores.push({ scope: 'sector', subject: sector, measure, sector, ...weighted(members.filter((m) => m.sector === sector), shift) });
      scores.push({ scope: measure === 'rhi' ? 'footprint' : 'dimension', subject: 'footprint', measure, ...weighted(members, shift) });
    }
    return scores;
  }

  /** Every member rates every other; a dyad's respondents are its rater's. */
  function dyadScores(members: Member[]): Score[] {
    const dyads = members.flatMap((a) => members.filter((b) => b !== a).map((b) => ({ a, b, mean: 40 + ((a.n * 7 + b.n * 3) % 50) })));
    const sum = (list: typeof dyads) => ({ respondents: list.reduce((s, d) => s + d.a.n, 0), mean: list.reduce((s, d) => s + d.a.n * d.mean, 0) / list.reduce((s, d) => s + d.a.n, 0) });
    return [
      ...dyads.map((d) => ({ scope: 'dyad', subject: `${d.a.id}>${d.b.id}`, measure: 'partner_rating', organisationId: d.a.id, partnerOrganisationId: d.b.id, respondents: d.a.n, mean: d.mean })),
      ...members.map((b) => ({ scope: 'network', subject: b.id, measure: 'trust_received', organisationId: b.id, ...sum(dyads.filter((d) => d.b === b)) })),
      ...members.map((a) => ({ scope: 'network', subject: a.id, measure: 'trust_given', organisationId: a.id, ...sum(dyads.filter((d) => d.a === a)) })),
      ...(['nhs', 'local_government'] as const).flatMap((s) =>
        (['nhs', 'local_government'] as const).map((t) => ({ scope: 'sector_pair', subject: `${s}>${t}`, measure: 'partner_rating', sector: s, partnerSector: t, ...sum(dyads.filter((d) => d.a.sector === s && d.b.sector === t)) })),
      ),
    ];
  }

  const keyOf = (row: Row) => `${row.period}|${row.scope}|${row.subject}|${row.measure}`;

  /**
   * The differencing attack: for every relation between published cells (a total and its parts),
   * a total with exactly one part withheld gives that part away; withheld parts adding up to fewer
   * than k respondents give their combined value away.
   */
  function recoveries(rows: Row[], members: Member[]): string[] {
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    const periods = [...new Set(rows.map((r) => r.period as string))];
    const code = new Map(members.map((m) => [m.id, m.code]));
    const relations: { total: string; parts: string[] }[] = [];
    for (const period of periods) {
      for (const measure of ['rhi', 'trust']) {
        const total = `${period}|${measure === 'rhi' ? 'footprint' : 'dimension'}|footprint|${measure}`;
        const orgs = (filter: (m: Member) => boolean) => members.filter(filter).map((m) => `${period}|organisation|${m.code}|${measure}`);
        relations.push({ total, parts: orgs(() => true) }, { total, parts: ['nhs', 'local_government'].map((s) => `${period}|sector|${s}|${measure}`) });
        for (const s of ['nhs', 'local_government']) relations.push({ total: `${period}|sector|${s}|${measure}`, parts: orgs((m) => m.sector === s) });
      }
      const dyad = (a: Member, b: Member) => `${period}|dyad|${code.get(a.id)}>${code.get(b.id)}|partner_rating`;
      for (const b of members) relations.push({ total: `${period}|network|${b.code}|trust_received`, parts: members.filter((a) => a !== b).map((a) => dyad(a, b)) });
      for (const a of members) relations.push({ total: `${period}|network|${a.code}|trust_given`, parts: members.filter((b) => b !== a).map((b) => dyad(a, b)) });
      for (const s of ['nhs', 'local_government']) {
        for (const t of ['nhs', 'local_government']) {
          const parts = members.flatMap((a) => members.filter((b) => b !== a && a.sector === s && b.sector === t).map((b) => dyad(a, b)));
          relations.push({ total: `${period}|sector_pair|${s}>${t}|partner_rating`, parts });
        }
      }
    }
    const found: string[] = [];
    for (const { total, parts } of relations) {
      const t = byKey.get(total);
      if (!t || t.suppressed) continue;
      const withheld = parts.filter((p) => byKey.get(p)?.suppressed);
      const publishedRespondents = parts.filter((p) => !byKey.get(p)?.suppressed).reduce((s, p) => s + Number(byKey.get(p)?.respondents ?? 0), 0);
      const hiddenRespondents = Number(t.respondents) - publishedRespondents;
      if (withheld.length === 1) found.push(`${withheld[0]} = ${total} − the published parts`);
      else if (withheld.length > 1 && hiddenRespondents < K) found.push(`${withheld.join(' + ')} (${hiddenRespondents} respondents) = ${total} − the published parts`);
    }
    return found;
  }

  async function rowsOf(agent: { get(url: string): { set(h: string, v: string): Promise<{ body: unknown; text: string }> } }, query: string, format: 'json' | 'csv' | 'ndjson'): Promise<Row[]> {
    if (format === 'json') return ((await agent.get(`${API}/bi/scores?limit=1000&${query}`).set('Accept', 'application/json')).body as { items: Row[] }).items;
    const res = await agent.get(`${API}/bi/scores?${query}`).set('Accept', format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    if (format === 'ndjson') return res.text.trim().split('\n').map((line) => JSON.parse(line) as Row);
    return (parse(res.text, { columns: true }) as Record<string, string>[]).map((r) => ({ ...r, suppressed: r.suppressed === 'true', respondents: r.respondents === '' ? null : Number(r.respondents) }));
  }

  /** A footprint of five members, one too small to show, with one scored round (2026-Q1) of every scope, and an API key for it. */
  async function oneScoredRound() {
    const footprint = await createFootprint(app);
    const members = [
      await member(footprint.id, 'nhs', 2, 20),
      await member(footprint.id, 'nhs', 7, 60),
      await member(footprint.id, 'nhs', 9, 70),
      await member(footprint.id, 'local_government', 8, 55),
      await member(footprint.id, 'local_government', 6, 65),
    ];
    const roundId = await scoredRound(footprint.id, '2026-Q1', null);
    await writeScores(footprint.id, roundId, '2026-Q1', [...respondentScores(members), ...dyadScores(members)]);
    return { footprint, roundId, members, key: await createApiKey(app, [footprint.id]) };
  }

  it('withholds small cells and enough complements that no filter, format or subtraction gives one back', async () => {
    const { footprint, members, key } = await oneScoredRound();

    const all = await rowsOf(key.http, `footprint=${footprint.code}`, 'json');
    const small = all.filter((r) => r.organisation_code === members[0]!.code && r.scope === 'organisation');
    expect(small.map((r) => [r.suppressed, r.mean, r.respondents])).toEqual([
      [true, null, null],
      [true, null, null],
    ]);
    expect(recoveries(all, members)).toEqual([]);
    // A complement in the small member's sector was withheld too.
    expect(all.filter((r) => r.scope === 'organisation' && r.sector === 'nhs' && r.suppressed).length).toBeGreaterThanOrEqual(4);

    // Every filter and format shows the same cells withheld, so combining them gives nothing more.
    const decided = new Map(all.map((r) => [keyOf(r), r.suppressed]));
    const views = [
      ['scope=organisation', 'json'],
      ['sector=nhs', 'json'],
      ['organisationType=gp_practice&measure=trust', 'json'],
      ['scope=dyad,network,sector_pair', 'json'],
      ['', 'csv'],
      ['scope=sector,organisation', 'ndjson'],
    ] as const;
    const union: Row[] = [];
    for (const [filter, format] of views) {
      const rows = await rowsOf(key.http, `footprint=${footprint.code}&${filter}`, format);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect([keyOf(row), row.suppressed]).toEqual([keyOf(row), decided.get(keyOf(row))]);
      union.push(...rows);
    }
    expect(recoveries(union, members)).toEqual([]);
    // A dyad's perception gap subtracts the reverse dyad: never shown when that one is withheld.
    for (const row of all.filter((r) => r.scope === 'dyad' && !r.suppressed)) {
      const [a, b] = String(row.subject).split('>');
      if (all.find((r) => r.scope === 'dyad' && r.subject === `${b}>${a}`)?.suppressed) expect(row.perception_gap).toBeNull();
    }
  });

  it('filters one subject (an organisation, a tie both ways, a sector pair) through the same gate, and nothing of another footprint', async () => {
    const { footprint, members, key } = await oneScoredRound();
    const other = await oneScoredRound();
    const all = await rowsOf(key.http, `footprint=${footprint.code}`, 'json');
    const decided = new Map(all.map((r) => [keyOf(r), r.suppressed]));
    const trends = async (query: string, format: 'json' | 'csv' = 'json'): Promise<Row[]> => {
      if (format === 'json') return ((await key.http.get(`${API}/bi/trends?limit=1000&${query}`).expect(200)).body as { items: Row[] }).items;
      const csv = await key.http.get(`${API}/bi/trends?format=csv&${query}`).expect(200);
      return (parse(csv.text, { columns: true }) as Record<string, string>[]).map((r) => ({ ...r, suppressed: r.suppressed === 'true' }));
    };
    const shown = (rows: Row[]) => rows.map((r) => [keyOf(r), r.suppressed]).sort();
    const expected = (keep: (r: Row) => boolean) => all.filter(keep).map((r) => [keyOf(r), decided.get(keyOf(r))]).sort();

    // An organisation: its own scores, its network measures and its dyads either way, by id or code, page or export.
    const [small, a, b] = members;
    const aboutSmall = (r: Row) => r.organisation_id === small!.id || r.partner_organisation_id === small!.id;
    expect(expected(aboutSmall).length).toBe(2 + 2 + 8);
    for (const [query, format] of [[`organisation=${small!.id}`, 'json'], [`organisation=${small!.code.toLowerCase()}`, 'json'], [`organisation=${small!.id}`, 'csv']] as const) {
      expect(shown(await trends(`footprint=${footprint.code}&${query}`, format))).toEqual(expected(aboutSmall));
    }
    // Too few respondents of its own: withheld under its filter as under every other.
    const own = await trends(`organisation=${small!.code}&scope=organisation`);
    expect(own.map((r) => [r.measure, r.suppressed, r.mean])).toEqual([['rhi', true, null], ['trust', true, null]]);

    // A tie both ways: rater and rated together.
    const tie = await trends(`rater=${a!.id},${b!.id}&rated=${a!.code},${b!.code}`, 'csv');
    expect(shown(tie)).toEqual(expected((r) => r.scope === 'dyad' && [`${a!.code}>${b!.code}`, `${b!.code}>${a!.code}`].includes(String(r.subject))));
    expect(tie).toHaveLength(2);
    expect(shown(await trends(`rater=${a!.id}`))).toEqual(expected((r) => r.scope === 'dyad' && r.organisation_id === a!.id));

    // A sector pair, in scores and trends alike.
    const pair = (r: Row) => r.scope === 'sector_pair' && r.subject === 'nhs>local_government';
    expect(shown(await trends('sectorPair=nhs>local_government'))).toEqual(expected(pair));
    expect(shown(await rowsOf(key.http, 'sectorPair=nhs%3Elocal_government', 'csv'))).toEqual(expected(pair));

    // Another footprint's organisation, by id or code: nothing, as if it did not exist.
    const foreign = other.members[1]!;
    for (const query of [`organisation=${foreign.id}`, `organisation=${foreign.code}`, `rater=${foreign.id}&rated=${other.members[2]!.id}`]) {
      expect(await trends(query)).toEqual([]);
      expect((await trends(query, 'csv')).length).toBe(0);
    }

    // Bad values: 400 naming the field.
    for (const [query, field] of [['organisation=not%20a%20code', 'organisation'], ['rater=x', 'rater'], ['rated=%27%3B--', 'rated'], ['sectorPair=nhs,local_government', 'sectorPair'], ['sectorPair=nhs%3Emars', 'sectorPair']] as const) {
      const res = await key.http.get(`${API}/bi/trends?${query}`).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('keeps trends from giving back a value withheld in an earlier round', async () => {
    const footprint = await createFootprint(app);
    const first = [
      await member(footprint.id, 'nhs', 2, 20),
      await member(footprint.id, 'nhs', 7, 60),
      await member(footprint.id, 'nhs', 9, 70),
      await member(footprint.id, 'local_government', 8, 55),
      await member(footprint.id, 'local_government', 6, 65),
    ];
    const second = first.map((m) => ({ ...m, n: Math.max(m.n, 6), mean: m.mean + 2 }));
    const q1 = await scoredRound(footprint.id, '2026-Q1', null);
    await writeScores(footprint.id, q1, '2026-Q1', respondentScores(first));
    const q2 = await scoredRound(footprint.id, '2026-Q2', q1);
    await writeScores(footprint.id, q2, '2026-Q2', respondentScores(second, { roundId: q1, members: first }));
    const key = await createApiKey(app, [footprint.id]);

    const trends = ((await key.http.get(`${API}/bi/trends?footprint=${footprint.code}&scope=organisation&measure=rhi&limit=1000`).expect(200)).body as { items: Row[] }).items;
    const scores = ((await key.http.get(`${API}/bi/scores?footprint=${footprint.code}&scope=organisation&measure=rhi&from=2026-Q1&to=2026-Q1&limit=1000`).expect(200)).body as { items: Row[] }).items;
    const withheldInQ1 = new Set(scores.filter((r) => r.period === '2026-Q1' && r.suppressed).map((r) => r.organisation_code));
    expect(withheldInQ1.size).toBeGreaterThanOrEqual(2);
    for (const row of trends.filter((r) => r.period === '2026-Q2')) {
      expect(row.suppressed).toBe(false);
      if (withheldInQ1.has(row.organisation_code)) expect([row.previous_mean, row.delta, row.p_value, row.trend, row.slope]).toEqual([null, null, null, null, null]);
      else expect(row.delta).toBeCloseTo(2);
    }
  });

  it('keeps alerts from naming or describing a withheld score; the summary counts them', async () => {
    const footprint = await createFootprint(app);
    const members = [
      await member(footprint.id, 'nhs', 2, 20),
      await member(footprint.id, 'nhs', 7, 60),
      await member(footprint.id, 'local_government', 8, 55),
      await member(footprint.id, 'local_government', 6, 65),
    ];
    const roundId = await scoredRound(footprint.id, '2026-Q1', null);
    await writeScores(footprint.id, roundId, '2026-Q1', [...respondentScores(members), ...dyadScores(members)]);
    const alert = async (kind: string, subject: string, summary: string) => {
      const [rule] = await db.query(
        `INSERT INTO alert_rule (footprint_id, kind, enabled, severity) VALUES ($1, $2, true, 'warning')
         ON CONFLICT (footprint_id, kind) DO UPDATE SET enabled = true RETURNING id`,
        [footprint.id, kind],
      );
      await db.query(
        `INSERT INTO alert (footprint_id, rule_id, kind, severity, round_id, period, subject, subject_label, summary, details, status, raised_at)
         VALUES ($1, $2, $3, 'warning', $4, '2026-Q1', $5, $5, $6, '{}', 'open', now())`,
        [footprint.id, rule.id, kind, roundId, subject, summary],
      );
    };
    const [small, , council] = members;
    await alert('dyad_decline', `dyad:${small!.id}>${council!.id}`, 'fell 12 points to 31');
    await alert('rhi_drop', 'footprint', 'The Relationship Health Index fell 6 points to 58');
    const key = await createApiKey(app, [footprint.id]);
    const summary = await key.http.get(`${API}/bi/footprints/${footprint.id}/summary`).expect(200);
    expect(summary.body).toMatchObject({ footprint_code: footprint.code, period: '2026-Q1', open_alerts: 2, rhi: { measure: 'rhi', suppressed: false } });
    expect(summary.body.dimensions.map((d: { measure: string }) => d.measure)).toEqual(['trust']);
    await key.http.get(`${API}/bi/footprints/${footprint.id}/summary`).set('If-None-Match', summary.headers.etag).expect(304);
    const rows = ((await key.http.get(`${API}/bi/alerts?footprint=${footprint.code}`).expect(200)).body as { items: Row[] }).items;
    expect(rows.map((r) => [r.kind, r.suppressed, r.subject, r.summary])).toEqual(
      expect.arrayContaining([
        ['dyad_decline', true, null, null],
        ['rhi_drop', false, 'footprint', 'The Relationship Health Index fell 6 points to 58'],
      ]),
    );
  });
  it('shows the footprint summary through the gate, deciding afresh when a round is scored again', async () => {
    const footprint = await createFootprint(app);
    const members = [await member(footprint.id, 'nhs', 1, 40), await member(footprint.id, 'local_government', 2, 50)];
    const q1 = await scoredRound(footprint.id, '2026-Q1', null);
    await writeScores(footprint.id, q1, '2026-Q1', respondentScores(members));
    const key = await createApiKey(app, [footprint.id]);
    const summary = async () => (await key.http.get(`${API}/bi/footprints/${footprint.id}/summary`).expect(200)).body;
    const empty = { suppressed: true, respondents: null, mean: null, band: null, delta: null, trend: null };

    // Three respondents in all: everything is withheld.
    expect(await summary()).toMatchObject({ period: '2026-Q1', round_id: q1, rhi: { measure: 'rhi', ...empty }, dimensions: [{ measure: 'trust', ...empty }], response_rate: null });

    // The next round has enough respondents, but its change since 2026-Q1 would give 2026-Q1 away.
    const grown = [{ ...members[0]!, n: 6, mean: 60 }, { ...members[1]!, n: 6, mean: 70 }];
    const q2 = await scoredRound(footprint.id, '2026-Q2', q1);
    await writeScores(footprint.id, q2, '2026-Q2', respondentScores(grown));
    await db.query(
      `UPDATE score SET previous_round_id = p.round_id, previous_mean = p.mean, delta = score.mean - p.mean FROM score p
       WHERE score.round_id = $1 AND p.round_id = $2 AND (p.scope, p.subject, p.measure) = (score.scope, score.subject, score.measure)`,
      [q2, q1],
    );
    expect(await summary()).toMatchObject({
      period: '2026-Q2',
      round_id: q2,
      rhi: { measure: 'rhi', suppressed: false, respondents: 12, mean: 65, band: 'moderate', delta: null, trend: null },
      dimensions: [{ measure: 'trust', suppressed: false, respondents: 12, mean: 68, delta: null, trend: null }],
    });

    // 2026-Q1 scored again with more respondents: the summary does not keep the old decision.
    await db.query(`UPDATE score SET respondents = respondents * 4, n = n * 4 WHERE round_id = $1`, [q1]);
    await db.query(`UPDATE round_scoring SET computed_at = computed_at + interval '1 second' WHERE round_id = $1`, [q1]);
    const rescored = await summary();
    expect(rescored.rhi).toMatchObject({ suppressed: false, respondents: 12, mean: 65, trend: 'improving' });
    expect(rescored.rhi.delta).toBeCloseTo(65 - (40 * 1 + 50 * 2) / 3);
  });

  it('uses the gate decisions the worker stored for a scoring run, the same as deciding afresh, and never another run\'s', async () => {
    const { footprint, roundId, members, key } = await oneScoredRound();
    const withheld = async () => (await rowsOf(key.http, `footprint=${footprint.code}`, 'csv')).filter((r) => r.suppressed).map(keyOf).sort();
    const newRun = (seconds: number) => db.query(`UPDATE round_scoring SET computed_at = computed_at + make_interval(secs => $2) WHERE round_id = $1`, [roundId, seconds]);
    const worker = await Test.createTestingModule({ imports: [ReportingWorkerModule] }).compile();
    try {
      const gate = worker.get(RoundGateDecisions);
      // Stored decisions are what readers go by: a stored row that withholds nothing shows everything.
      expect(await gate.decide(roundId)).toMatchObject({ status: 'decided', anonymityThreshold: K, withheld: expect.any(Number) });
      await db.query("UPDATE score_gate_decision SET withheld = '' WHERE round_id = $1", [roundId]);
      expect(await withheld()).toEqual([]);

      // The round scored again: that row belongs to the earlier run, so the API decides afresh.
      await newRun(1);
      const fresh = await withheld();
      expect(fresh.length).toBeGreaterThan(4);
      expect(fresh).toContain(`2026-Q1|organisation|${members[0]!.code}|rhi`);

      // Decided by the worker for the next run, the same cells are withheld.
      await newRun(1);
      expect(await gate.decide(roundId)).toMatchObject({ status: 'decided', withheld: fresh.length });
      const stored = await db.query('SELECT computed_at = (SELECT computed_at FROM round_scoring WHERE round_id = $1) AS current FROM score_gate_decision WHERE round_id = $1', [roundId]);
      expect(stored).toEqual([{ current: true }]);
      expect(await withheld()).toEqual(fresh);
    } finally {
      await worker.close();
    }
  });
});
