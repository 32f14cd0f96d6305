import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type * as Helpers from './alerts-helpers';
import type * as ReportHelpers from './board-report-helpers';

/**
 * A footprint above the board report's detail limit gets its ties summarised (the heatmap by sector
 * pair, only the weakest ties of concern), one at the limit every tie. The limit is the
 * BOARD_REPORT_DETAIL_MEMBERS setting, read once per suite: this suite sets it to 2 before anything
 * that reads the settings is imported, so a two-member partnership is at it and a three-member one above.
 */
process.env.BOARD_REPORT_DETAIL_MEMBERS = '2';
const API = '/api/v1';

interface ScoreItem {
  scope: string;
  organisationId: string | null;
  partnerOrganisationId: string | null;
  sector: string | null;
  partnerSector: string | null;
  suppressed: boolean;
  reason: string | null;
  mean: number | null;
  band: string | null;
  n: number | null;
  comparison: { suppressed: boolean; reason: string | null; delta: number | null; previousMean: number | null; trend: string | null } | null;
}

const SECTOR_NAMES: Record<string, string> = { nhs: 'NHS', local_government: 'Local government', voluntary: 'Voluntary sector', other: 'Other' };
const signed = (delta: number) => `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${Math.abs(delta).toFixed(1)}`;
const score = (item: ScoreItem) => (item.suppressed ? `Withheld: ${item.reason}` : item.mean!.toFixed(1));
function change(item: ScoreItem): string {
  if (item.suppressed) return '–';
  if (!item.comparison) return 'no earlier round';
  if (item.comparison.suppressed) return `Withheld: ${item.comparison.reason}`;
  return `${signed(item.comparison.delta!)}${item.comparison.trend ? ` (${item.comparison.trend})` : ''}`;
}

describe('board report of a footprint above the detail limit', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let helpers: typeof Helpers;
  let reports: typeof ReportHelpers;
  let jobs: ReturnType<typeof ReportHelpers.reportJobs>;

  /** Two quarters of a partnership (the council rating the trust well, the trust the council poorly in the second), each round gated and its report rendered. */
  async function twoQuarters(world: Helpers.Partnership): Promise<string> {
    let roundId = '';
    for (const [period, council, trust] of [
      ['2026-Q1', 'good', 'middling'],
      ['2026-Q2', 'excellent', 'poor'],
    ] as const) {
      roundId = await helpers.runQuarter(worker, world, { period, councilRatesTrust: [council, council, council], trustRatesCouncil: [trust, trust, trust] });
      expect(await jobs.gateAndRender(roundId)).toBe(1);
    }
    return roundId;
  }

  async function reportText(world: Helpers.Partnership, roundId: string): Promise<string> {
    const res = await world.lead.http.get(`${API}/rounds/${roundId}/report.pdf`).buffer(true).parse(reports.binary).expect(200);
    const { text, pages } = await reports.pdfText(res.body as Buffer);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`Page ${page} of ${pages}`);
    return text;
  }

  const scoresOf = async (world: Helpers.Partnership, roundId: string, scope: string): Promise<ScoreItem[]> =>
    (await world.lead.http.get(`${API}/rounds/${roundId}/scores?scope=${scope}`).expect(200)).body.items;

  beforeAll(async () => {
    helpers = await import('./alerts-helpers');
    reports = await import('./board-report-helpers');
    app = await (await import('../support/app')).startApi();
    const { Test } = await import('@nestjs/testing');
    const [{ ScoringWorkerModule }, { AlertsWorkerModule }, { ReportingWorkerModule }] = await Promise.all([import('@pp/scoring'), import('@pp/alerts'), import('@pp/reporting')]);
    worker = await Test.createTestingModule({ imports: [ScoringWorkerModule, AlertsWorkerModule, ReportingWorkerModule] }).compile();
    // The renderer's one-off load stays out of the first test's timeout (as in board-report.e2e-spec.ts).
    await import('../../libs/reporting/src/board-report/render-board-report');
    jobs = reports.reportJobs(worker);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it('summarises three members, above the limit of 2: the heatmap by sector pair and the weakest ties, each figure as the API gives it', async () => {
    const world = await helpers.partnership(app);
    // A third member, invited to each round but not answering: three members in all.
    const practice = await (await import('../support/factories-scoring')).organisationOfType(app, 'gp_practice', `Practice ${world.footprint.code}`);
    await (await import('../support/factories-registry')).addMember(app, world.footprint.id, practice.id, '2020-04-01');
    const roundId = await twoQuarters(world);
    const text = await reportText(world, roundId);

    expect(text).toContain('How sectors rate each other (heatmap by sector pair)');
    expect(text).toContain('This round has 3 members, more than the 2 whose ratings of each other one page can show member by member.');
    expect(text).toContain('in the BI export (GET /api/v1/bi/scores?scope=dyad)');
    expect(text).not.toContain('dyad heatmap');

    // Each sector pair's row: the API's score (or its reason for withholding it), band, n and change.
    const pairs = await scoresOf(world, roundId, 'sector_pair');
    expect(pairs.map((p) => `${p.sector}>${p.partnerSector}`).sort()).toEqual(['local_government>nhs', 'nhs>local_government']);
    for (const pair of pairs) {
      const row = `${SECTOR_NAMES[pair.sector!]} → ${SECTOR_NAMES[pair.partnerSector!]} ${score(pair)}${pair.suppressed ? '' : ` ${pair.band} ${pair.n}`} ${change(pair)}`;
      expect(text).toContain(row);
    }

    // The network map: only the ties of concern, as the API bands them, the weakest listed with its score.
    const dyads = await scoresOf(world, roundId, 'dyad');
    expect(dyads).toHaveLength(2);
    const shown = dyads.filter((d) => !d.suppressed);
    const concern = shown.filter((d) => d.band === 'concern');
    expect(concern).toHaveLength(1);
    expect(text).toContain('Network map: the weakest ties of concern');
    expect(text).toContain(`Of the ${shown.length} ties the anonymity gate shows, 1 is in concern (below 50).`);
    const names = new Map([world.council, world.trust, practice].map((o) => [o.id, o.name]));
    expect(text).toContain(`${names.get(concern[0]!.organisationId!)} → ${names.get(concern[0]!.partnerOrganisationId!)} ${concern[0]!.mean!.toFixed(1)}`);

    // The ties that changed most are still ranked over every tie, with the API's figures.
    for (const dyad of shown) {
      expect(text).toContain(`${dyad.comparison!.previousMean!.toFixed(1)} ${dyad.mean!.toFixed(1)} ${signed(dyad.comparison!.delta!)}`);
    }
    // Three organisations are fewer than the report lists, so each has its row, as the round's response rates give it.
    const rates = (await world.lead.http.get(`${API}/rounds/${roundId}/response-rates`).expect(200)).body;
    expect(rates.organisations).toHaveLength(3);
    for (const organisation of rates.organisations as { name: string; respondents: number; expectedRespondents: number; rate: number }[]) {
      expect(text).toMatch(new RegExp(`${organisation.name} .*? ${organisation.respondents} ${organisation.expectedRespondents} ${Math.round(organisation.rate * 100)}%`));
    }
    for (const section of ['Most improved', 'Most deteriorated', 'Alerts raised by this round', 'Response rates by organisation', 'Method and anonymity']) expect(text).toContain(section);
  });

  it('shows every tie of two members, at the limit: the dyad heatmap and the full network map', async () => {
    const world = await helpers.partnership(app);
    const roundId = await twoQuarters(world);
    const text = await reportText(world, roundId);
    expect(text).toContain('How members rate each other (dyad heatmap)');
    expect(text).toContain('Members on a circle, coloured by sector; a line joins two members');
    expect(text).not.toContain('heatmap by sector pair');
    expect(text).not.toContain('weakest ties of concern');
    const dyads = (await scoresOf(world, roundId, 'dyad')).filter((d) => !d.suppressed);
    expect(dyads).toHaveLength(2);
    for (const dyad of dyads) expect(text).toContain(`${dyad.comparison!.previousMean!.toFixed(1)} ${dyad.mean!.toFixed(1)} ${signed(dyad.comparison!.delta!)}`);
  });
});
