import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { DatabaseNotifications } from '@pp/core';
import { DataSource } from 'typeorm';
import { startApi } from '../support/app';
import { createApiKey } from '../support/auth';
import { API } from '../support/factories-registry';
import { answerByLinks, openRound, type Respondent, runQueuedScoring, type ScoringWorld, scoringWorker, scoringWorld } from '../support/factories-scoring';
import { until } from '../support/processes';

type Label = 'council' | 'trust';

/**
 * The footprint summary each API process keeps between requests: whatever changes what it shows,
 * whether through this API, the worker or straight in the database, reaches the next answer.
 */
describe('reporting: the footprint summary follows every change it shows', () => {
  let app: INestApplication;
  let worker: INestApplicationContext;
  let db: DataSource;
  let world: ScoringWorld<Label>;
  let roundId: string;
  let read: () => Promise<Record<string, unknown>>;

  /** Reads the summary until it matches: other processes hear of a change milliseconds after it commits. */
  const eventually = (expected: Record<string, unknown>) =>
    until(`a summary matching ${JSON.stringify(expected)}`, async () => {
      const summary = await read();
      try {
        expect(summary).toMatchObject(expected);
        return true;
      } catch {
        return false;
      }
    }, 2_000);

  const respondents = (count: number): Respondent[] => Array.from({ length: count }, (_, i) => ({ role: 'finance', level: 1 + (i % 3), ratings: {} }));

  beforeAll(async () => {
    app = await startApi();
    db = app.get(DataSource);
    worker = await scoringWorker();
    world = await scoringWorld<Label>(app, [
      { label: 'council', type: 'unitary_authority' },
      { label: 'trust', type: 'acute_trust' },
    ]);
    const key = await createApiKey(app, [world.footprint.id]);
    read = async () => (await key.http.get(`${API}/bi/footprints/${world.footprint.id}/summary`).expect(200)).body;
    await read();
    await until('the API to listen', async () => app.get(DatabaseNotifications).listening('footprint_summary_changed'), 5_000);
  });

  afterAll(async () => {
    await worker?.close();
    await app?.close();
  });

  it('shows a round once the worker has scored it', async () => {
    expect(await read()).toMatchObject({ footprint_code: world.footprint.code, period: null, rhi: null, open_alerts: 0 });
    roundId = await openRound(world.lead, world.footprint.id, '2026-Q1');
    await answerByLinks(app, world.lead, roundId, world.members.council.id, respondents(4));
    await answerByLinks(app, world.lead, roundId, world.members.trust.id, respondents(3));
    await world.lead.http.patch(`${API}/rounds/${roundId}/invitations/${world.members.council.id}`).send({ expectedRespondents: 4 }).expect(200);
    await world.lead.http.patch(`${API}/rounds/${roundId}/invitations/${world.members.trust.id}`).send({ expectedRespondents: 3 }).expect(200);
    await world.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
    // Closed but not yet scored: still nothing final to show.
    expect(await read()).toMatchObject({ period: null, rhi: null });
    await runQueuedScoring(worker, 'round.score', roundId);
    await eventually({ period: '2026-Q1', round_id: roundId, rhi: { measure: 'rhi', suppressed: false, respondents: 7 }, response_rate: 1 });
  });

  it('follows the expected respondents, the footprint and its alerts, however they change', async () => {
    await world.lead.http.patch(`${API}/rounds/${roundId}/invitations/${world.members.council.id}`).send({ expectedRespondents: 10 }).expect(200);
    await eventually({ response_rate: 0.5385 });
    await world.lead.http.patch(`${API}/footprints/${world.footprint.id}`).send({ name: 'Renamed through the API' }).expect(200);
    await eventually({ footprint_name: 'Renamed through the API' });
    await db.query('UPDATE footprint SET name = $2 WHERE id = $1', [world.footprint.id, 'Renamed in the database']);
    await eventually({ footprint_name: 'Renamed in the database' });

    const [rule] = await db.query(
      `INSERT INTO alert_rule (footprint_id, kind, enabled, severity) VALUES ($1, 'rhi_drop', true, 'warning')
       ON CONFLICT (footprint_id, kind) DO UPDATE SET enabled = true RETURNING id`,
      [world.footprint.id],
    );
    const [alert] = await db.query(
      `INSERT INTO alert (footprint_id, rule_id, kind, severity, round_id, period, subject, subject_label, summary, details, status, raised_at)
       VALUES ($1, $2, 'rhi_drop', 'warning', $3, '2026-Q1', 'footprint', 'footprint', 'The RHI fell', '{}', 'open', now()) RETURNING id`,
      [world.footprint.id, rule.id, roundId],
    );
    await eventually({ open_alerts: 1 });
    await world.lead.http.post(`${API}/alerts/${alert.id}/resolve`).send({ note: 'Discussed at the board' }).expect(200);
    await eventually({ open_alerts: 0 });
  });

  it('reads afresh while it cannot hear changes, and keeps summaries again once it listens', async () => {
    const listeners = () => db.query<{ pid: number }[]>("SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND datname = current_database()");
    const cut = await listeners();
    expect(cut.length).toBeGreaterThanOrEqual(1);
    await db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [cut.map((l) => l.pid)]);
    await db.query('UPDATE footprint SET name = $2 WHERE id = $1', [world.footprint.id, 'Renamed while nobody listened']);
    await eventually({ footprint_name: 'Renamed while nobody listened' });
    await until('the API to listen again', async () => app.get(DatabaseNotifications).listening('footprint_summary_changed'), 5_000);
    await read();
    await db.query('UPDATE footprint SET name = $2 WHERE id = $1', [world.footprint.id, 'Renamed once it listened again']);
    await eventually({ footprint_name: 'Renamed once it listened again' });
  });
});
