#!/usr/bin/env node
/**
 * The web app's weight and speed (`npm run bench:web`). Not a test: it prints figures.
 *
 * 1. JavaScript per route: each route is opened in headless Chromium (Debian's, by path) against
 *    the real API serving the Vite build, and every script the page loads is counted, gzipped
 *    (zlib level 9, as a server or CDN would send it). The respondent route (/pulse) must stay
 *    at or under 150 kB: features are split with React.lazy, so it loads none of the others' code.
 *    Every chunk of the build is listed too.
 * 2. Time to a usable form: from navigation (the page's time origin) until the first question's
 *    radio is in the page, enabled and visible, on /pulse#<token> over the loopback, with a cold
 *    cache (a new browser context each run) and warm (a reload in the same context).
 * 3. The demo footprint's overview fully rendered: the demo (scripts/demo-seed.mjs: Cheshire and
 *    Merseyside, four scored quarters) is loaded through the API with a worker scoring it; then,
 *    signed in as its lead, from navigation to /footprints/<id> until the headline, the scores
 *    table, the trend chart (drawn by ECharts), the response rate and the alerts are all on the
 *    page with nothing still loading; cold and warm as above. Target: within 1 s.
 * 4. The dyad heatmap of a 60-organisation footprint (3,540 ties), built through the API (members,
 *    a round, 3 respondents per member through respondent links, k = 3), scored by a real worker:
 *    from navigation to /footprints/:id/relationships until every tie is drawn (the chart, on
 *    ECharts' canvas, has drawn one item per scored tie: EChart's data-items), signed in, cold and
 *    warm cache as above. Target ≤ 1 s.
 * For 3 and 4 it also prints one cold load's timeline (see timeline()): the document, each script,
 * stylesheet and API request, when it started and ended after navigation (a waterfall shows; a
 * request that waited for a free connection says so), the entry run, the first paint, each chart's
 * drawing, the main thread's long frames with the scripts in them, and the moment the page counted
 * as rendered; and the load average beside each figure.
 *
 * The API runs as in production (NODE_ENV=production, from dist/, built first unless
 * BENCH_SKIP_BUILD=1; BENCH_FROM_SOURCE=1 runs it from source) on a database of its own.
 * BENCH_RUNS sets the runs per measure (default 7). Heavily loaded machines give slower figures:
 * the script prints the load average beside them.
 *
 * BENCH_COMPARE_WEB=<another build's dist/web> times that build against this one in the same
 * conditions: a second API process (same code, database and data) serves it, and each run of the
 * overview and the heatmap loads both, one after the other, in alternating order. On a shared,
 * loaded machine this is the only fair before/after.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { appEnv, buildApps, dropDatabase, freePort, freshDatabase, log, migrate, root, servicesEnv, startApp, stop } from './support.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BUDGET_KB = 150;
const API = '/api/v1';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function call(base, method, path, { token, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A footprint of ten members, an open round, and respondent links for one member: what the respondent route opens. */
async function seed(base, admin) {
  const { accessToken: token } = await call(base, 'POST', `${API}/auth/login`, { body: admin });
  const footprint = await call(base, 'POST', `${API}/footprints`, {
    token,
    body: { code: 'E54999901', name: 'Bench footprint', kind: 'ICS', nation: 'england', region: { name: 'North West', code: 'E40000010' } },
  });
  const members = [];
  for (let i = 0; i < 10; i++) {
    const organisation = await call(base, 'POST', `${API}/organisations`, { token, body: { code: `E068${String(i).padStart(5, '0')}`, name: `Council ${i + 1}`, type: 'unitary_authority' } });
    await call(base, 'POST', `${API}/footprints/${footprint.id}/members`, { token, body: { organisationId: organisation.id, memberFrom: '2020-04-01', memberTo: null } });
    members.push(organisation);
  }
  const hour = 3600_000;
  const round = await call(base, 'POST', `${API}/footprints/${footprint.id}/rounds`, {
    token,
    body: { period: '2026-Q3', opensAt: new Date(Date.now() - hour).toISOString(), closesAt: new Date(Date.now() + 7 * 24 * hour).toISOString() },
  });
  await call(base, 'POST', `${API}/rounds/${round.id}/open`, { token });
  const links = await call(base, 'POST', `${API}/rounds/${round.id}/links`, { token, body: { organisationId: members[0].id, count: RUNS + 2 } });
  return links.items.map((link) => `/pulse#${link.token}`);
}

/**
 * The scored items (options least favourable first) and partner-rating items of the instrument a
 * link answers, read from its form (GET /api/v1/pulse) as the respondent's page reads it.
 */
async function formItems(base, token) {
  const res = await fetch(`${base}${API}/pulse`, { headers: { 'x-pulse-token': token } });
  if (!res.ok) throw new Error(`the form of a respondent link was refused: ${res.status} ${await res.text()}`);
  const { instrument } = await res.json();
  const items = (keep) => instrument.questions.filter(keep).map((q) => [q.key, q.options.map((o) => o.value)]);
  return { pulse: items((q) => q.type !== 'partner_rating' && q.dimension !== null), partner: items((q) => q.type === 'partner_rating') };
}
const optionAt = (options, level) => options[Math.min(options.length - 1, Math.floor((Math.max(0, Math.min(4, level)) * (options.length - 1)) / 4))];
const HEATMAP_MEMBERS = 60;
const HEATMAP_RESPONDENTS = 3;

/**
 * A footprint of 60 members (20 GP practices, 20 unitary councils, 20 voluntary organisations, so
 * three sector groups), k = 3, one round in which 3 respondents of each member rate every other
 * member, closed and scored by the worker: 60 × 59 = 3,540 ties above the gate.
 */
async function seedHeatmap(base, token) {
  const footprint = await call(base, 'POST', `${API}/footprints`, {
    token,
    body: { code: 'E54999902', name: 'Bench footprint of 60', kind: 'ICS', nation: 'england', region: { name: 'North West', code: 'E40000010' }, anonymityThreshold: HEATMAP_RESPONDENTS },
  });
  const kinds = [
    // Codes no real organisation has (the demo's members are real ones): random ones clashed once.
    ['gp_practice', (i) => `N99${String(i).padStart(3, '0')}`, 'Practice'],
    ['unitary_authority', (i) => `E069${String(i).padStart(5, '0')}`, 'Council'],
    ['voluntary_sector', (i) => `V99${String(i).padStart(3, '0')}`, 'Voluntary organisation'],
  ];
  const members = [];
  for (let i = 0; i < HEATMAP_MEMBERS; i++) {
    const [type, code, label] = kinds[i % kinds.length];
    const organisation = await call(base, 'POST', `${API}/organisations`, { token, body: { code: code(i), name: `${label} ${Math.floor(i / kinds.length) + 1}`, type } });
    await call(base, 'POST', `${API}/footprints/${footprint.id}/members`, { token, body: { organisationId: organisation.id, memberFrom: '2020-04-01', memberTo: null } });
    members.push(organisation);
  }
  const hour = 3600_000;
  const round = await call(base, 'POST', `${API}/footprints/${footprint.id}/rounds`, {
    token,
    body: { period: '2026-Q2', opensAt: new Date(Date.now() - hour).toISOString(), closesAt: new Date(Date.now() + 7 * 24 * hour).toISOString() },
  });
  await call(base, 'POST', `${API}/rounds/${round.id}/open`, { token });
  let form;
  for (const [m, member] of members.entries()) {
    const links = await call(base, 'POST', `${API}/rounds/${round.id}/links`, { token, body: { organisationId: member.id, count: HEATMAP_RESPONDENTS } });
    for (const [i, link] of links.items.entries()) {
      form ??= await formItems(base, link.token);
      // Levels spread by member and partner, so every band appears on the map.
      const answers = Object.fromEntries(form.pulse.map(([key, options]) => [key, optionAt(options, 1 + ((m + i) % 4))]));
      const partnerRatings = Object.fromEntries(
        members
          .filter((other) => other.id !== member.id)
          .map((other, o) => [other.id, Object.fromEntries(form.partner.map(([key, options]) => [key, optionAt(options, ((m * 7 + o * 3 + i) % 5))]))]),
      );
      const res = await fetch(`${base}${API}/pulse/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pulse-token': link.token },
        body: JSON.stringify({ respondentRole: 'other', answers, partnerRatings }),
      });
      if (res.status !== 201) throw new Error(`a response was refused: ${res.status} ${await res.text()}`);
    }
  }
  await call(base, 'POST', `${API}/rounds/${round.id}/close`, { token });
  const started = Date.now();
  while ((await call(base, 'GET', `${API}/rounds/${round.id}`, { token })).status !== 'scored') {
    if (Date.now() - started > 600_000) throw new Error('the 60-member round was not scored within 10 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  const { items } = await call(base, 'GET', `${API}/footprints/${footprint.id}/scores?scope=dyad&measure=partner_rating&limit=500`, { token });
  if (items.some((s) => s.suppressed)) throw new Error('some ties of the 60-member footprint are withheld; the bench expects every one shown');
  return footprint.id;
}

/** Milliseconds from the navigation's start until the heatmap has drawn one cell per scored tie (`ties`). */
async function timeToHeatmap(page, ties) {
  return page.waitForFunction(
    (expected) => {
      const chart = document.querySelector('main .pp-chart[data-rendered=true]');
      // The canvas has no element per cell: EChart says how many items the chart drew (data-items), once setOption has flushed them to the canvas.
      return chart && chart.querySelector('canvas') && Number(chart.getAttribute('data-items')) >= expected ? performance.now() : false;
    },
    ties,
    { polling: 'raf', timeout: 60_000 },
  ).then((handle) => handle.jsonValue());
}

/**
 * Where a cold load's time goes, in one merged timeline (ms since the page's time origin, i.e. the
 * navigation): the document's response, every script and API request (start → end, in the order
 * they started: a waterfall shows as requests that start only when another ends), when the entry
 * had run (DOMContentLoaded), the first paint with content, each chart drawn (EChart's
 * 'pp:chart-drawn' measure: start → end of ECharts' setOption, which draws synchronously), the
 * main thread's long animation frames (over 50 ms, with the scripts that ran in them: compiling
 * and running a chunk, React rendering, a chart's drawing) and the moment the page counted as
 * rendered. A line "main thread busy" sums those frames.
 */
async function timeline(browser, url, ready, newContext = () => browser.newContext()) {
  const context = await newContext();
  // Long animation frames are not buffered by the browser: an observer from the first script on keeps them.
  await context.addInitScript(() => {
    window.__ppFrames = [];
    try {
      new PerformanceObserver((list) => window.__ppFrames.push(...list.getEntries().map((e) => e.toJSON()))).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // A browser without long-animation-frame entries: the timeline simply has none.
    }
  });
  const page = await context.newPage();
  const finished = [];
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.resourceType() === 'script' || request.resourceType() === 'stylesheet' || path.startsWith('/api/')) finished.push(request);
  });
  await page.goto(url, { waitUntil: 'commit' });
  const done = Number(await ready(page));
  await page.waitForLoadState('networkidle');
  const { origin, navigation, paint, charts, frames } = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      origin: performance.timeOrigin,
      navigation: nav && { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd },
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      charts: performance.getEntriesByName('pp:chart-drawn').map((m) => ({ start: m.startTime, end: m.startTime + m.duration, items: m.detail?.items })),
      frames: window.__ppFrames ?? [],
    };
  });
  const rows = finished.map((request) => {
    const timing = request.timing();
    const start = timing.startTime - origin;
    const { pathname, search } = new URL(request.url());
    // Sent late: it waited for one of the browser's 6 connections to the host (HTTP/1.1), busy with other requests.
    const queued = timing.requestStart > 10 ? ` (sent after ${timing.requestStart.toFixed(0)} ms)` : '';
    return { start, end: start + timing.responseEnd, what: `${request.method()} ${pathname.replace('/assets/', '')}${search.length > 90 ? `${search.slice(0, 90)}…` : search}${queued}` };
  });
  if (navigation) rows.push({ start: 0, end: navigation.responseEnd, what: `document (first byte at ${navigation.responseStart.toFixed(0)} ms)` }, { start: navigation.domContentLoaded, what: 'DOMContentLoaded (the entry has run)' });
  if (paint !== undefined) rows.push({ start: paint, what: 'first contentful paint' });
  for (const chart of charts) rows.push({ start: chart.start, end: chart.end, what: `chart drawn by ECharts (${chart.items} items)` });
  const script = (s) => `${(s.sourceURL || s.invoker || '?').split('/').pop().slice(0, 40)} ${s.invokerType ?? ''} ${s.duration.toFixed(0)}`;
  for (const frame of frames) {
    const scripts = (frame.scripts ?? []).filter((s) => s.duration >= 5).sort((a, b) => b.duration - a.duration).slice(0, 3);
    rows.push({ start: frame.startTime, end: frame.startTime + frame.duration, what: `  main thread busy (long frame; scripts: ${scripts.map(script).join(', ') || 'none over 5 ms'}; style and layout ${(frame.styleAndLayoutStart ? frame.startTime + frame.duration - frame.styleAndLayoutStart : 0).toFixed(0)})` });
  }
  rows.push({ start: done, what: 'RENDERED (what the figure times)' });
  rows.sort((a, b) => a.start - b.start);
  await context.close();
  const busy = frames.filter((f) => f.startTime < done).reduce((sum, f) => sum + f.duration, 0);
  console.log(`  timeline of one cold load (ms from navigation; rendered at ${done.toFixed(0)} ms; main thread in long frames before it: ${busy.toFixed(0)} ms):`);
  for (const row of rows) console.log(`    ${row.start.toFixed(0).padStart(5)} ${row.end === undefined ? '      ' : `→ ${row.end.toFixed(0).padStart(4)}`}  ${row.what}`);
}

/** The scripts a page loads, gzipped, by file. */
async function scriptsOf(browser, url, ready, newContext = () => browser.newContext()) {
  const context = await newContext();
  const page = await context.newPage();
  const scripts = new Map();
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') scripts.set(new URL(response.url()).pathname, response.body().then(gz));
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const sizes = new Map(await Promise.all([...scripts].map(async ([path, size]) => [path, await size])));
  await context.close();
  return sizes;
}

/** Milliseconds from the navigation's start until the first radio of the form is enabled and visible. */
async function timeToUsable(page) {
  return page.waitForFunction(
    () => {
      const radio = document.querySelector('main input[type=radio]');
      return radio && !radio.disabled && radio.checkVisibility() ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  ).then((handle) => handle.jsonValue());
}

/** The demo footprint, loaded by the demo's own script through the API (the worker scores its rounds); returns its id and lead. */
function seedDemo(base, admin) {
  const credentials = resolve(root, '.data/bench-web-demo-credentials.json');
  rmSync(credentials, { force: true });
  const seeded = spawnSync('node', ['scripts/demo-seed.mjs', base], {
    cwd: root,
    env: { ...process.env, DEMO_ADMIN_EMAIL: admin.email, DEMO_ADMIN_PASSWORD: admin.password, DEMO_CREDENTIALS_FILE: credentials },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (seeded.status !== 0) throw new Error('the demo could not be loaded (scripts/demo-seed.mjs)');
  const footprintId = /Demo footprint .* id ([0-9a-f-]{36})/.exec(seeded.stdout)?.[1];
  const lead = JSON.parse(readFileSync(credentials, 'utf8')).lead;
  rmSync(credentials, { force: true });
  if (!footprintId || !lead) throw new Error(`the demo seed printed no footprint id or lead:\n${seeded.stdout}`);
  return { footprintId, lead };
}

/** A browser context signed in as `account` (the web app keeps its session in localStorage). */
async function signedInContext(browser, base, account) {
  const pair = await call(base, 'POST', `${API}/auth/login`, { body: account });
  const context = await browser.newContext();
  await context.addInitScript((session) => localStorage.setItem('pp.session', session), JSON.stringify({ accessToken: pair.accessToken, refreshToken: pair.refreshToken }));
  return context;
}

/** Milliseconds from navigation until the overview is fully rendered: every section's figures in, the trend drawn, nothing loading. */
async function timeToOverview(page) {
  return page.waitForFunction(
    () => {
      const main = document.querySelector('main');
      const done =
        main?.querySelector('[data-testid=rhi-headline]') &&
        main.querySelector('table') &&
        main.querySelector('.pp-chart[data-rendered=true] canvas') &&
        main.querySelector('#response-heading + *') &&
        main.querySelector('#alerts-heading + *') &&
        !main.querySelector('[role=status]');
      return done ? performance.now() : false;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  ).then((handle) => handle.jsonValue());
}

async function main() {
  // Debian's chromium, installed with apt-get when missing (as `npm test` does): browsers cannot be downloaded here.
  execFileSync('bash', [join(root, 'scripts', 'ensure-chromium.sh')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  buildApps();
  if (!process.env.BENCH_SKIP_BUILD) {
    log('building the web app (BENCH_SKIP_BUILD=1 skips this)');
    execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const { databaseUrl, redisUrl } = servicesEnv();
  const dbName = 'pulse_bench_web';
  const admin = { email: 'bench-admin@pulse.local', password: `bench-${randomBytes(12).toString('hex')}` };
  const port = await freePort();
  const env = appEnv({ databaseUrl: await freshDatabase(databaseUrl, dbName), redisUrl, queuePrefix: 'pulse-bench-web', admin }, {
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    API_PROCESSES: '1',
    // Every timed run signs in afresh (the lead, the admin): more sign-ins than the production limits allow.
    AUTH_RATE_LIMIT_PER_IP: '100000',
    AUTH_RATE_LIMIT_PER_ACCOUNT: '100000',
  });
  migrate(env);
  const api = await startApp('api', env, env.PORT, 'bench-web-api.log');
  // The worker scores the demo's rounds (and raises its alerts), as in `npm run demo`.
  const workerPort = await freePort();
  const worker = await startApp('worker', { ...env, WORKER_PORT: String(workerPort), SCHEDULE_TICK_MS: '0' }, workerPort, 'bench-web-worker.log');
  const base = `http://127.0.0.1:${env.PORT}`;
  // The other build (BENCH_COMPARE_WEB), served by an API of its own: started in the try, so a failure stops the rest.
  let compare;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    // Its API's working directory's dist/web is that build (web-app.ts); the rest of dist/ is this one's.
    if (process.env.BENCH_COMPARE_WEB) {
      const cwd = mkdtempSync(join(tmpdir(), 'pp-bench-web-'));
      compare = { cwd };
      mkdirSync(join(cwd, 'dist'));
      symlinkSync(resolve(process.env.BENCH_COMPARE_WEB), join(cwd, 'dist', 'web'));
      for (const built of ['apps', 'libs', 'migrations']) symlinkSync(resolve(root, 'dist', built), join(cwd, 'dist', built));
      symlinkSync(resolve(root, 'node_modules'), join(cwd, 'node_modules'));
      const comparePort = await freePort();
      compare.process = await startApp('api', { ...env, PORT: String(comparePort), APP_URL: `http://127.0.0.1:${comparePort}` }, comparePort, 'bench-web-api-compare.log', cwd);
      compare.base = `http://127.0.0.1:${comparePort}`;
    }
    const links = await seed(base, admin);
    log('loading the demo footprint (scripts/demo-seed.mjs)');
    const demo = seedDemo(base, admin);
    const alerts = await call(base, 'GET', `${API}/footprints/${demo.footprintId}/alerts?limit=1`, { token: (await call(base, 'POST', `${API}/auth/login`, { body: demo.lead })).accessToken });
    const alertId = alerts.items[0]?.id;
    log('building a 60-member footprint and scoring its round (a few minutes)');
    const { accessToken, refreshToken } = await call(base, 'POST', `${API}/auth/login`, { body: admin });
    const heatmapFootprint = await seedHeatmap(base, accessToken);

    console.log('\nJavaScript loaded per route (gzipped, level 9):');
    const routes = [
      ['/pulse#<token> (respondent link)', `${base}${links[0]}`, timeToUsable],
      ['/ (home)', `${base}/`, (page) => page.waitForSelector('h1')],
      ['/sign-in', `${base}/sign-in`, (page) => page.waitForSelector('h1')],
    ];
    let pulseTotal = 0;
    // The dashboard's routes, signed in as the demo's lead.
    const asLead = () => signedInContext(browser, base, demo.lead);
    routes.push(
      ['/footprints/:id (overview)', `${base}/footprints/${demo.footprintId}`, timeToOverview, asLead],
      ['/footprints/:id/questions', `${base}/footprints/${demo.footprintId}/questions`, (page) => page.waitForSelector('.pp-chart[data-rendered=true] canvas'), asLead],
      ['/alerts', `${base}/alerts`, (page) => page.waitForSelector('main table, main [data-testid=alerts-none]'), asLead],
    );
    if (alertId) routes.push(['/alerts/:id', `${base}/alerts/${alertId}`, (page) => page.waitForSelector('[data-testid=alert-summary]'), asLead]);
    for (const [name, url, ready, context] of routes) {
      const scripts = await scriptsOf(browser, url, ready, context);
      const total = [...scripts.values()].reduce((a, b) => a + b, 0);
      if (name.startsWith('/pulse')) pulseTotal = total;
      console.log(`  ${name.padEnd(34)} ${kb(total).padStart(9)}  (${[...scripts].map(([path, size]) => `${path.replace('/assets/', '')} ${kb(size)}`).join(', ')})`);
    }
    console.log(`  respondent route budget: ${BUDGET_KB} kB gzipped — ${pulseTotal <= BUDGET_KB * 1000 ? 'within' : 'OVER'} (${kb(pulseTotal)})`);

    console.log('\nEvery JavaScript chunk of the build (dist/web/assets, gzipped):');
    const assets = resolve(root, 'dist/web/assets');
    for (const file of readdirSync(assets).filter((f) => f.endsWith('.js')).sort()) {
      console.log(`  ${file.padEnd(44)} ${kb(gz(readFileSync(resolve(assets, file)))).padStart(9)}`);
    }

    const cold = [];
    const warm = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}${links[1 + i]}`, { waitUntil: 'commit' });
      cold.push(await timeToUsable(page));
      await page.reload({ waitUntil: 'commit' });
      warm.push(await timeToUsable(page));
      await context.close();
    }
    const show = (values) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
    console.log(`\nTime from navigation until the form is usable (first radio enabled and visible), /pulse#<token>, ${RUNS} runs:`);
    console.log(`  cold cache: ${show(cold)}`);
    console.log(`  warm cache: ${show(warm)}`);
    console.log(`  (headless Chromium and the API (1 process, NODE_ENV=production) on the loopback, ${availableParallelism()} cores, load average ${loadavg()[0].toFixed(1)})`);

    // One cold and one warm load per run and build; with BENCH_COMPARE_WEB, the two builds alternate first.
    const interleaved = async (load) => {
      const builds = compare ? [['this build', base], ['the other build', compare.base]] : [['this build', base]];
      const times = new Map(builds.map(([name]) => [name, { cold: [], warm: [] }]));
      for (let i = 0; i < RUNS; i++) {
        for (const [name, at] of i % 2 ? [...builds].reverse() : builds) {
          const { cold, warm } = await load(at);
          times.get(name).cold.push(cold);
          times.get(name).warm.push(warm);
        }
      }
      return times;
    };
    const overviews = await interleaved(async (at) => {
      const context = await signedInContext(browser, at, demo.lead);
      const page = await context.newPage();
      await page.goto(`${at}/footprints/${demo.footprintId}`, { waitUntil: 'commit' });
      const cold = await timeToOverview(page);
      await page.reload({ waitUntil: 'commit' });
      const warm = await timeToOverview(page);
      await context.close();
      return { cold, warm };
    });
    console.log(`\nTime from navigation until the demo footprint's overview is fully rendered (headline, scores, trend chart drawn, response rate, alerts), signed in as its lead, ${RUNS} runs (target: within 1 s):`);
    for (const [name, { cold, warm }] of overviews) {
      if (compare) console.log(`  ${name}:`);
      console.log(`  cold cache: ${show(cold)} — ${median(cold) <= 1000 ? 'within' : 'OVER'} 1 s`);
      console.log(`  warm cache: ${show(warm)} — ${median(warm) <= 1000 ? 'within' : 'OVER'} 1 s`);
    }
    console.log(`  (load average ${loadavg()[0].toFixed(1)})`);
    await timeline(browser, `${base}/footprints/${demo.footprintId}`, timeToOverview, asLead);

    // Signed in as the session the web app keeps in localStorage; one access token (15 minutes) serves every run.
    const ties = HEATMAP_MEMBERS * (HEATMAP_MEMBERS - 1);
    const heatmaps = await interleaved(async (at) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript((session) => localStorage.setItem('pp.session', session), JSON.stringify({ accessToken, refreshToken }));
      const page = await context.newPage();
      await page.goto(`${at}/footprints/${heatmapFootprint}/relationships`, { waitUntil: 'commit' });
      const cold = await timeToHeatmap(page, ties);
      await page.reload({ waitUntil: 'commit' });
      const warm = await timeToHeatmap(page, ties);
      await context.close();
      return { cold, warm };
    });
    console.log(`\nTime from navigation until the dyad heatmap of ${HEATMAP_MEMBERS} members (${ties} ties) is drawn, /footprints/:id/relationships, ${RUNS} runs (target ≤ 1000 ms):`);
    for (const [name, { cold, warm }] of heatmaps) {
      if (compare) console.log(`  ${name}:`);
      console.log(`  cold cache: ${show(cold)}`);
      console.log(`  warm cache: ${show(warm)}`);
    }
    // Where the time goes: the ties alone over HTTP, in pages of 500 of the scores route, and as one BI
    // NDJSON export of every column and of the columns the page reads (use-relationships.ts, TIE_COLUMNS).
    const exportUrl = `${base}${API}/bi/scores?footprint=${heatmapFootprint}&scope=dyad&measure=partner_rating&format=ndjson`;
    const tieColumns = 'organisation_id,partner_organisation_id,respondents,mean,band';
    const fetchTimes = { pages: [], export: [], chosen: [] };
    const bytes = { export: 0, chosen: 0 };
    const timedExport = async (url, into) => {
      const started = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${accessToken}`, 'accept-encoding': 'identity' } });
      const body = await res.text();
      fetchTimes[into].push(performance.now() - started);
      bytes[into] = Buffer.byteLength(body);
    };
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      let cursor;
      do {
        const page = await call(base, 'GET', `${API}/footprints/${heatmapFootprint}/scores?scope=dyad&measure=partner_rating&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: accessToken });
        cursor = page.nextCursor;
      } while (cursor);
      fetchTimes.pages.push(performance.now() - started);
      await timedExport(exportUrl, 'export');
      await timedExport(`${exportUrl}&columns=${tieColumns}`, 'chosen');
    }
    console.log(`  of which the API alone: the ${ties} ties as one BI NDJSON export of the columns the page reads (${kb(bytes.chosen)}) ${show(fetchTimes.chosen)}; of every column (${kb(bytes.export)}) ${show(fetchTimes.export)}; in pages of 500 of the scores route ${show(fetchTimes.pages)}`);
    console.log(`  (load average ${loadavg()[0].toFixed(1)})`);
    await timeline(
      browser,
      `${base}/footprints/${heatmapFootprint}/relationships`,
      (page) => timeToHeatmap(page, ties),
      async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addInitScript((session) => localStorage.setItem('pp.session', session), JSON.stringify({ accessToken, refreshToken }));
        return context;
      },
    );
  } finally {
    await browser.close();
    if (compare) {
      if (compare.process) await stop(compare.process);
      rmSync(compare.cwd, { recursive: true, force: true });
    }
    await stop(worker);
    await stop(api);
    await dropDatabase(databaseUrl, dbName);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
