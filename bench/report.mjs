#!/usr/bin/env node
/**
 * How long the worker takes to render the demo footprint's quarterly board report, and how much
 * memory it needs for it (`npm run bench:report`). Not a test: it prints figures.
 *
 * 1. Starts the real API and worker on a database of their own on the durable cluster of
 *    scripts/services.sh, and loads the demo through the API (scripts/demo-seed.mjs: Cheshire and
 *    Merseyside, four scored rounds); the worker scores, gates and renders each round's report as
 *    in production.
 * 2. Queues 'round.report' for the demo's latest round through the outbox --runs times (10), one
 *    after another, and reads each rendering's time as the worker measured it (board_report.render_ms:
 *    reading the figures through the gate, drawing the charts, writing the PDF).
 * 3. Prints the median and the worst, the PDF's size, and the worker's peak RSS (VmHWM from /proc).
 *
 * --screenshots writes pages 1 and 2 of the report as docs/screenshots/board-report-{1,2}.png
 * (poppler's pdftoppm at 60 dpi) and the PDF as .data/board-report-demo.pdf.
 * --kept-scoring-round renders instead the round a run of `BENCH_KEEP_DATABASE=1 npm run bench:scoring`
 * kept (.data/pulse_bench_scoring.json: 1,260 members by default, one footprint holding a whole
 * nation): only the worker is started, on that database, which is left as it was found but for the
 * round's board_report row. Its peak RSS is then the renderings' own: VmHWM is set back to the RSS
 * once the worker is idle, before the first rendering.
 * The apps run from the build in dist/ (built first unless BENCH_SKIP_BUILD=1), or from the
 * TypeScript sources with BENCH_FROM_SOURCE=1. Targets: median under 2 s, worker peak RSS under 200 MB (the worker's target, as bench:scoring holds it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { appEnv, buildApps, cpuOf, dropDatabase, freePort, freshDatabase, log, mb, memoryOf, migrate, root, servicesEnv, startApp, stop } from './support.mjs';

const { values: flags } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, screenshots: { type: 'boolean', default: false }, 'kept-scoring-round': { type: 'boolean', default: false } },
});
const RUNS = Number(flags.runs);
const DATABASE = 'pulse_bench_report';
const TARGET_MS = 2000;
const TARGET_RSS = 200 * 2 ** 20;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** The demo footprint, loaded by the demo's own script through the API; returns its id. */
function seedDemo(base, admin) {
  const credentials = resolve(root, '.data/bench-report-demo-credentials.json');
  rmSync(credentials, { force: true });
  const seeded = spawnSync('node', ['scripts/demo-seed.mjs', base], {
    cwd: root,
    env: { ...process.env, DEMO_ADMIN_EMAIL: admin.email, DEMO_ADMIN_PASSWORD: admin.password, DEMO_CREDENTIALS_FILE: credentials },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  rmSync(credentials, { force: true });
  if (seeded.status !== 0) throw new Error('the demo could not be loaded (scripts/demo-seed.mjs)');
  const footprintId = /Demo footprint .* id ([0-9a-f-]{36})/.exec(seeded.stdout)?.[1];
  if (!footprintId) throw new Error(`the demo seed printed no footprint id:\n${seeded.stdout}`);
  return footprintId;
}

/** Waits until `check` answers something truthy (polling the database), for at most `ms`. */
async function waitFor(what, check, ms = 600_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await check();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Sets a process's VmHWM back to its current RSS (Linux: clear_refs 5), so the next peak read is what follows. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch (error) {
    log(`could not reset the worker's peak RSS (${error.message}): the peak includes its start-up`);
  }
}

/** Queues 'round.report' for the round through the outbox, as the gate's decision does, and waits for the rendering. */
async function renderOnce(db, roundId) {
  const before = (await db.query('SELECT rendered_at FROM board_report WHERE round_id = $1', [roundId])).rows[0]?.rendered_at ?? new Date(0);
  await db.query("INSERT INTO outbox (job_name, payload, job_id) VALUES ('round.report', $1, $2)", [JSON.stringify({ roundId }), `round.report-bench-${randomBytes(6).toString('hex')}`]);
  return waitFor('the rendering', async () => {
    const { rows } = await db.query('SELECT rendered_at, render_ms, byte_size FROM board_report WHERE round_id = $1', [roundId]);
    return rows[0] && rows[0].rendered_at.getTime() > before.getTime() ? rows[0] : null;
  });
}

/**
 * Renders the round's report RUNS times, one after another, and returns each rendering's time as the
 * worker measured it and the worker's own CPU time for it (with its relay and idle polling: what the
 * wall time would be on an idle core).
 */
async function renderRuns(db, roundId, worker) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuBefore = cpuOf(worker.pid);
    const row = await renderOnce(db, roundId);
    times.push(row.render_ms);
    cpu.push(Math.round((cpuOf(worker.pid) - cpuBefore) * 1000));
    const after = memoryOf(worker.pid);
    log(`  run ${i + 1}: ${row.render_ms} ms (worker CPU ${cpu.at(-1)} ms), ${(row.byte_size / 1024).toFixed(0)} KiB; worker RSS ${mb(after.rss)}, peak ${mb(after.peak)}`);
  }
  return { times, cpu };
}

/** The report of the round bench:scoring kept (--kept-scoring-round): the worker alone, on that database. */
async function keptScoringRound() {
  const keptFile = resolve(root, '.data/pulse_bench_scoring.json');
  let kept;
  try {
    kept = JSON.parse(readFileSync(keptFile, 'utf8'));
  } catch {
    throw new Error(`no kept round in ${keptFile}: run \`BENCH_KEEP_DATABASE=1 npm run bench:scoring\` first`);
  }
  buildApps();
  const { redisUrl } = servicesEnv();
  const env = appEnv({ databaseUrl: kept.url, redisUrl, queuePrefix: `pulse-bench-report-${randomBytes(4).toString('hex')}` }, { APP_URL: 'http://127.0.0.1:3000' });
  migrate(env);
  const roundId = kept.ids.round;
  const db = new pg.Client({ connectionString: kept.url });
  await db.connect();
  let worker;
  try {
    const { rows: [round] } = await db.query(
      `SELECT r.period, (SELECT count(*)::int FROM invitation WHERE round_id = r.id) AS members, (SELECT count(*)::int FROM score WHERE round_id = r.id AND scope = 'dyad') AS dyads,
         EXISTS (SELECT 1 FROM round_scoring rs JOIN score_gate_decision g ON g.round_id = rs.round_id AND g.computed_at = rs.computed_at WHERE rs.round_id = r.id AND NOT rs.provisional) AS gated
       FROM round r WHERE r.id = $1`,
      [roundId],
    );
    if (!round?.gated) throw new Error(`the kept round ${roundId} has no gated final scores: run \`BENCH_KEEP_DATABASE=1 npm run bench:scoring\` again`);
    const workerPort = await freePort();
    worker = await startApp('worker', { ...env, WORKER_PORT: String(workerPort), SCHEDULE_TICK_MS: '0' }, workerPort, 'bench-report-worker.log');
    await waitFor('the outbox to be relayed', async () => (await db.query('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL')).rows[0].n === 0);
    const idle = memoryOf(worker.pid);
    resetPeak(worker.pid);
    log(`rendering the kept ${round.period} round's report (${round.members} members, ${round.dyads} dyads) ${RUNS} times`);
    const { times, cpu } = await renderRuns(db, roundId, worker);
    const { rows: [report] } = await db.query('SELECT byte_size FROM board_report WHERE round_id = $1', [roundId]);
    const memory = memoryOf(worker.pid);
    console.log(`\nBoard report of the kept bench:scoring round, ${round.period} (${round.members} members, ${round.dyads} dyads), rendered in the worker ${RUNS} times:`);
    console.log(`  median ${median(times)} ms, worst ${Math.max(...times)} ms`);
    console.log(`  worker CPU per rendering: median ${median(cpu)} ms`);
    console.log(`  PDF ${(report.byte_size / 1024).toFixed(0)} KiB`);
    console.log(`  worker peak RSS while rendering ${mb(memory.peak)} (target < ${mb(TARGET_RSS)}: ${memory.peak < TARGET_RSS ? 'met' : 'MISSED'}), now ${mb(memory.rss)}; idle before ${mb(idle.rss)} (start-up peak ${mb(idle.peak)})`);
    console.log(`  load average during the run ${loadavg()[0].toFixed(1)} on this machine`);
  } finally {
    await db.end();
    if (worker) await stop(worker);
  }
}

async function main() {
  if (flags['kept-scoring-round']) return keptScoringRound();
  buildApps();
  const { databaseUrl, redisUrl } = servicesEnv();
  const admin = { email: 'bench-admin@pulse.local', password: `bench-${randomBytes(12).toString('hex')}` };
  const port = await freePort();
  const env = appEnv({ databaseUrl: await freshDatabase(databaseUrl, DATABASE), redisUrl, queuePrefix: `pulse-bench-report-${randomBytes(4).toString('hex')}`, admin }, {
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    API_PROCESSES: '1',
  });
  migrate(env);
  const api = await startApp('api', env, env.PORT, 'bench-report-api.log');
  const workerPort = await freePort();
  const worker = await startApp('worker', { ...env, WORKER_PORT: String(workerPort), SCHEDULE_TICK_MS: '0' }, workerPort, 'bench-report-worker.log');
  const idle = memoryOf(worker.pid);
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  try {
    log('loading the demo footprint (scripts/demo-seed.mjs); the worker scores and renders its rounds');
    const footprintId = seedDemo(`http://127.0.0.1:${port}`, admin);
    const { rows: rounds } = await db.query("SELECT id, period FROM round WHERE footprint_id = $1 AND status = 'scored' ORDER BY period", [footprintId]);
    const latest = rounds.at(-1);
    if (!latest) throw new Error('the demo has no scored round');
    await waitFor('the reports of the demo rounds', async () => (await db.query('SELECT count(*)::int AS n FROM board_report WHERE footprint_id = $1', [footprintId])).rows[0].n === rounds.length);
    // The peak so far is the loading's: the demo's rounds scored, gated and each report rendered once (VmHWM only grows).
    const loaded = memoryOf(worker.pid);
    const members = (await db.query('SELECT count(*)::int AS n FROM invitation WHERE round_id = $1', [latest.id])).rows[0].n;
    log(`rendering the ${latest.period} report (${members} members) ${RUNS} times`);
    const { times, cpu } = await renderRuns(db, latest.id, worker);
    const { rows: [report] } = await db.query('SELECT pdf, byte_size FROM board_report WHERE round_id = $1', [latest.id]);
    const memory = memoryOf(worker.pid);
    const load = loadavg()[0].toFixed(1);
    console.log(`\nBoard report of the demo footprint, ${latest.period} (${members} members), rendered in the worker ${RUNS} times:`);
    console.log(`  median ${median(times)} ms, worst ${Math.max(...times)} ms (target < ${TARGET_MS} ms: ${median(times) < TARGET_MS ? 'met' : 'MISSED'})`);
    console.log(`  worker CPU per rendering: median ${median(cpu)} ms (the wall time on an idle core, less the database's share)`);
    console.log(`  PDF ${(report.byte_size / 1024).toFixed(0)} KiB`);
    console.log(`  worker peak RSS ${mb(memory.peak)} (target < ${mb(TARGET_RSS)}: ${memory.peak < TARGET_RSS ? 'met' : 'MISSED'}), now ${mb(memory.rss)}`);
    console.log(`    idle after start-up ${mb(idle.rss)} (start-up peak ${mb(idle.peak)}); peak ${mb(loaded.peak)} once the demo's rounds were scored, gated and rendered; ${mb(memory.peak)} after the ${RUNS} renderings`);
    console.log(`  load average during the run ${load} on this machine`);
    if (flags.screenshots) {
      const pdfFile = resolve(root, '.data/board-report-demo.pdf');
      writeFileSync(pdfFile, report.pdf);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdfFile, resolve(root, '.data/board-report')]);
      // pdftoppm pads the page number to the width of the last page's: board-report-1.png or board-report-01.png.
      for (const file of readdirSync(resolve(root, '.data')).filter((f) => /^board-report-\d+\.png$/.test(f))) {
        renameSync(resolve(root, '.data', file), resolve(root, `docs/screenshots/board-report-${Number(/\d+/.exec(file)[0])}.png`));
      }
      console.log(`  pages 1-2 written to docs/screenshots/board-report-{1,2}.png; the PDF to ${pdfFile}`);
    }
  } finally {
    await db.end();
    await stop(worker);
    await stop(api);
    await dropDatabase(databaseUrl, DATABASE);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
