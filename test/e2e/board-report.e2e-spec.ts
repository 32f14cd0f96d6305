import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AlertsWorkerModule } from '@pp/alerts';
import { ReportingWorkerModule } from '@pp/reporting';
import { ScoringWorkerModule } from '@pp/scoring';
import { RELATIONSHIP_HEALTH_PULSE_V1 } from '@pp/surveys';
import { DataSource } from 'typeorm';
import { NotificationsProcessor } from '../../libs/alerts/src/notifications/notifications.processor';
import { startApi } from '../support/app';
import { asAdmin } from '../support/auth';
import { API } from '../support/factories-registry';
import { appUrlOf, linkIn, mailTo, waitForMail } from '../support/mail';
import { job, type Partnership, partnership, runQuarter } from './alerts-helpers';
import { binary, pdfText, reportJobs } from './board-report-helpers';

interface ScoreItem {
  scope: string;
  measure: string;
  suppressed: boolean;
  reason: string | null;
  mean: number | null;
  band: string | null;
  n: number | null;
  ci95: { lower: number; upper: number } | null;
}

const DIMENSION_NAMES = new Map(RELATIONSHIP_HEALTH_PULSE_V1.dimensions.map((d) => [d.key, d.name]));

/** How the report's headline table writes a score's row, as far as its change column. */
function headlineRow(item: ScoreItem): string {
  const label = item.scope === 'footprint' ? 'Relationship Health Index' : (DIMENSION_NAMES.get(item.measure) as string);
  if (item.suppressed) return `${label} Withheld: ${item.reason}`;
  return `${label} ${item.mean!.toFixed(1)} ${item.band} ${item.ci95!.lower.toFixed(1)}–${item.ci95!.upper.toFixed(1)} ${item.n}`;
}

/** The board report over HTTP: a round scored, gated and rendered by the worker's jobs; its PDF holds the API's figures, withheld ones as the API withholds them. */
describe('board report', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let world: Partnership;
  let db: DataSource;
  const roundIds: string[] = [];
  let actionId: string;

  let gateAndRender: (roundId: string) => Promise<number>;
  let renderQueued: (roundId: string) => Promise<number>;
  let forgetRendered: () => void;

  const download = (roundId: string) => world.lead.http.get(`${API}/rounds/${roundId}/report.pdf`).buffer(true).parse(binary);
  const headline = async (roundId: string): Promise<ScoreItem[]> => {
    const footprint = await world.lead.http.get(`${API}/rounds/${roundId}/scores?scope=footprint`).expect(200);
    const dimensions = await world.lead.http.get(`${API}/rounds/${roundId}/scores?scope=dimension`).expect(200);
    return [...footprint.body.items, ...dimensions.body.items];
  };

  beforeAll(async () => {
    app = await startApi();
    // compile() runs no bootstrap hooks: no relay and no BullMQ workers, the test runs the queued jobs.
    worker = await Test.createTestingModule({ imports: [ScoringWorkerModule, AlertsWorkerModule, ReportingWorkerModule] }).compile();
    // The worker loads the renderer (pdfkit, ECharts) on its first report; loaded here, that one-off
    // load (seconds under Jest's module loader on a busy machine) stays out of the first test's timeout.
    await import('../../libs/reporting/src/board-report/render-board-report');
    db = app.get(DataSource);
    ({ gateAndRender, renderQueued, forgetRendered } = reportJobs(worker));
    world = await partnership(app);
    for (const [period, council, trust] of [
      ['2026-Q1', 'good', 'excellent'],
      ['2026-Q2', 'excellent', 'middling'],
    ] as const) {
      roundIds.push(await runQuarter(worker, world, { period, councilRatesTrust: [council, council, council], trustRatesCouncil: [trust, trust, trust] }));
      if (period === '2026-Q1') {
        // Recorded once 2026-Q1 is scored: that round is its "before", 2026-Q2 its first "after".
        const action = await world.lead.http
          .post(`${API}/footprints/${world.footprint.id}/actions`)
          .send({ linkKind: 'dyad', raterOrganisationId: world.trust.id, ratedOrganisationId: world.council.id, ownerOrganisationId: world.trust.id, description: 'Joint discharge huddle every week', dueOn: '2026-09-30' })
          .expect(201);
        actionId = action.body.id;
      }
    }
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it('answers 404 saying the report is not rendered yet until the gate has decided the final scores', async () => {
    const res = await world.lead.http.get(`${API}/rounds/${roundIds[1]}/report.pdf`).expect(404);
    expect(res.body).toMatchObject({ status: 404, code: 'board_report_not_rendered' });
    expect(res.body.detail).toContain('is not rendered yet');
    const missing = await world.lead.http.get(`${API}/rounds/8d0f8a59-0000-4000-8000-000000000000/report.pdf`).expect(404);
    expect(missing.body.code).not.toBe('board_report_not_rendered');
    const bad = await (await asAdmin(app)).http.get(`${API}/rounds/not-a-round/report.pdf`).expect(400);
    expect(bad.body.errors).toEqual([{ field: 'roundId', problem: 'must be a UUID' }]);
  });

  it('renders each round once its final scores are gated; the PDF parses and holds the API’s figures', async () => {
    for (const roundId of roundIds) expect(await gateAndRender(roundId)).toBe(1);
    const roundId = roundIds[1]!;
    const res = await download(roundId).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="board-report-${world.footprint.code}-2026-Q2.pdf"`);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(300_000);
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(4);
    // Every page has its footer, and no page is only a footer.
    for (let page = 1; page <= pages; page++) expect(text).toContain(`Page ${page} of ${pages}`);
    expect(text).toContain(`${world.footprint.name} (${world.footprint.code})`);
    expect(text).toContain('Round 2026-Q2, final scores');
    const scores = await headline(roundId);
    expect(scores.map((s) => s.measure).sort()).toEqual(['rhi', ...DIMENSION_NAMES.keys()].sort());
    for (const score of scores) {
      expect(score.suppressed).toBe(false);
      expect(text).toContain(headlineRow(score));
    }
    // Section by section: the ties that changed most are the two dyads, each with the API's change.
    const dyads = (await world.lead.http.get(`${API}/rounds/${roundId}/scores?scope=dyad`).expect(200)).body.items as (ScoreItem & { comparison: { delta: number; previousMean: number } })[];
    expect(dyads).toHaveLength(2);
    for (const dyad of dyads) {
      const sign = dyad.comparison.delta > 0 ? '+' : '−';
      expect(text).toContain(`${dyad.comparison.previousMean.toFixed(1)} ${dyad.mean!.toFixed(1)} ${sign}${Math.abs(dyad.comparison.delta).toFixed(1)}`);
    }
    const rates = (await world.lead.http.get(`${API}/rounds/${roundId}/response-rates`).expect(200)).body;
    for (const organisation of rates.organisations as { name: string; respondents: number; expectedRespondents: number; rate: number }[]) {
      expect(text).toMatch(new RegExp(`${organisation.name} .*? ${organisation.respondents} ${organisation.expectedRespondents} ${Math.round(organisation.rate * 100)}%`));
    }
    // The action plan, with its figure before and in this round as GET /actions/{id} gives them.
    const action = (await world.lead.http.get(`${API}/actions/${actionId}`).expect(200)).body as { outcomes: { after: { roundId: string; mean: number }; before: { mean: number }; change: { delta: number } }[] };
    const outcome = action.outcomes.find((o) => o.after.roundId === roundId)!;
    expect(text).toContain('Joint discharge huddle every week');
    expect(text).toContain(`${outcome.before.mean.toFixed(1)} → ${outcome.after.mean.toFixed(1)}`);
    expect(text).toContain(`${outcome.change.delta > 0 ? '+' : '−'}${Math.abs(outcome.change.delta).toFixed(1)},`);
    for (const section of ['Trend over the scored rounds', 'dyad heatmap', 'Network map', 'Most improved', 'Most deteriorated', 'Alerts raised by this round', 'Action plans', 'Response rates by organisation', 'Method and anonymity']) {
      expect(text).toContain(section);
    }
  });

  it('emails the footprint’s leads once, with a link to the round, however often the report is rendered again', async () => {
    const roundId = roundIds[1]!;
    const notify = async () => {
      const queued: { job_id: string }[] = await db.query("SELECT job_id FROM outbox WHERE job_name = 'report.notify' AND payload->>'roundId' = $1", [roundId]);
      expect(queued).toEqual([{ job_id: `report.notify-${roundId}` }]);
      return worker.get(NotificationsProcessor).process(job('report.notify', { roundId }, queued[0]!.job_id) as never);
    };
    expect(await notify()).toEqual({ status: 'sent', recipients: 1 });
    const [mail] = await waitForMail(world.lead.email, 1);
    expect(mail?.subject).toBe(`[Partnership Pulse] The 2026-Q2 board report of ${world.footprint.name} is ready`);
    expect(linkIn(mail, appUrlOf(worker), `rounds/${roundId}`)).toBe(`${appUrlOf(worker)}/rounds/${roundId}`);

    // A redelivered rendering job replaces the row and queues no second email.
    const [before] = await db.query('SELECT rendered_at FROM board_report WHERE round_id = $1', [roundId]);
    forgetRendered();
    expect(await renderQueued(roundId)).toBe(1);
    const [after] = await db.query('SELECT count(*)::int AS n, max(rendered_at) AS rendered_at FROM board_report WHERE round_id = $1', [roundId]);
    expect(after.n).toBe(1);
    expect(after.rendered_at.getTime()).toBeGreaterThanOrEqual(before.rendered_at.getTime());
    const queued = await db.query("SELECT 1 FROM outbox WHERE job_name = 'report.notify' AND payload->>'roundId' = $1", [roundId]);
    expect(queued).toHaveLength(1);
    expect(await mailTo(world.lead.email)).toHaveLength(1);
  });

  it('renders again when the lead raises k: the PDF then withholds what the API withholds, in the API’s words', async () => {
    const roundId = roundIds[1]!;
    const admin = await asAdmin(app);
    await admin.http.patch(`${API}/footprints/${world.footprint.id}`).send({ anonymityThreshold: 10 }).expect(200);
    expect(await gateAndRender(roundId)).toBe(1);
    const scores = await headline(roundId);
    expect(scores.every((s) => s.suppressed && s.reason === 'fewer than 10 respondents')).toBe(true);
    const { text } = await pdfText((await download(roundId).expect(200)).body as Buffer);
    for (const score of scores) expect(text).toContain(headlineRow(score));
    expect(text).not.toMatch(/Relationship Health Index \d/);
    expect(text).toContain('Anonymity threshold (k) 10');
    const [row] = await db.query('SELECT anonymity_threshold FROM board_report WHERE round_id = $1', [roundId]);
    expect(row.anonymity_threshold).toBe(10);
  });
});
