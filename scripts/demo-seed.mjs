#!/usr/bin/env node
// Loads the demo through the public API, as a partnership's staff would: the 42 real footprints of
// England, the real members of Cheshire and Merseyside, its lead and analyst, a BI key, and four
// quarterly rounds of SYNTHETIC pulse answers (uploaded as a lead's offline CSV) in which Wirral
// Council's relationship with Wirral University Teaching Hospital falls quarter by quarter.
// Re-running it changes nothing that is already there. Usage: node scripts/demo-seed.mjs <api-url>
// Needs DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD (the bootstrap admin scripts/start.sh --demo creates).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { partnersRated, pick, randomSource, role } from './synthetic-answers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const referenceData = join(root, 'data', 'reference');
// DEMO_CREDENTIALS_FILE: where the logins are kept; bench:web points it at a file of its own so it never overwrites a real demo's.
const credentialsFile = process.env.DEMO_CREDENTIALS_FILE ?? join(root, '.data', 'demo-credentials.json');
const base = `${process.argv[2] ?? 'http://127.0.0.1:3000'}/api/v1`;
const DEMO_FOOTPRINT = 'E54000008';
const PERIODS = ['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];
/** The deteriorating dyad: how Wirral Council rates Wirral University Teaching Hospital, round by round (0–1). */
const FALLING_DYAD = { from: 'E08000015', to: 'RBL', sentiment: [0.8, 0.62, 0.45, 0.28] };

function log(message) {
  process.stderr.write(`[demo] ${message}\n`);
}

async function call(method, path, { token, body, csv, accept = [200, 201] } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csv !== undefined) headers['Content-Type'] = 'text/csv';
  const res = await fetch(`${base}${path}`, { method, headers, body: csv ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!accept.includes(res.status)) {
    throw new Error(`${method} ${path} answered ${res.status}: ${data?.detail ?? text}`);
  }
  return { status: res.status, data };
}

function readCsv(file) {
  return parse(readFileSync(join(referenceData, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
}

function loadCredentials() {
  return existsSync(credentialsFile) ? JSON.parse(readFileSync(credentialsFile, 'utf8')) : {};
}

async function login(email, password) {
  const { data } = await call('POST', '/auth/login', { body: { email, password } });
  return data.accessToken;
}

async function ensureFootprints(token) {
  const footprints = readCsv('footprints-2021.csv');
  let created = 0;
  for (const f of footprints) {
    const { status } = await call('POST', '/footprints', {
      token,
      accept: [201, 409],
      body: { code: f.stp_code, name: f.name, kind: 'ICS', nation: 'england', region: { name: f.nhs_region_name, code: f.nhs_region_code } },
    });
    if (status === 201) created += 1;
  }
  log(`footprints: ${footprints.length} in the reference file, ${created} created`);
  const { data } = await call('GET', `/footprints?q=${DEMO_FOOTPRINT}`, { token });
  const footprint = data.items.find((f) => f.code === DEMO_FOOTPRINT);
  if (!footprint) throw new Error(`footprint ${DEMO_FOOTPRINT} is missing after the load`);
  return footprint;
}

async function ensureMembers(token, footprint) {
  const csv = readFileSync(join(referenceData, 'cheshire-merseyside-members.csv'), 'utf8');
  const { data } = await call('POST', `/footprints/${footprint.id}/members/import`, { token, csv });
  log(`members of ${footprint.name}: ${data.rows} rows, ${JSON.stringify(data.memberships ?? data)}`);
}

/**
 * Invites a user and accepts the invitation, or reuses the password kept from an earlier run; a
 * user left without a kept password (an interrupted run) gets a fresh one through a password reset.
 */
async function ensureUser(token, credentials, key, { email, displayName, grants }) {
  const known = credentials[key];
  if (known) return known;
  const password = `demo-${randomBytes(9).toString('base64url')}`;
  const invited = await call('POST', '/users/invitations', { token, body: { email, displayName, grants }, accept: [201, 409] });
  if (invited.status === 201) {
    await call('POST', '/auth/invitations/accept', { body: { token: invited.data.invitationToken, password }, accept: [200, 204] });
  } else {
    const { data } = await call('GET', `/users?email=${encodeURIComponent(email)}`, { token });
    const reset = await call('POST', `/users/${data.items[0].id}/password-reset`, { token });
    await call('POST', '/auth/password-reset', { body: { token: reset.data.resetToken, newPassword: password }, accept: [200, 204] });
  }
  credentials[key] = { email, password };
  saveCredentials(credentials);
  return credentials[key];
}

function saveCredentials(credentials) {
  writeFileSync(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
}

/** One synthetic upload for a round: 5–8 respondents per member, each rating five to eight partners. */
function syntheticPulses(instrument, members, roundIndex, random) {
  const own = instrument.questions.filter((q) => q.type !== 'partner_rating' && q.type !== 'free_text');
  const partnerItems = instrument.questions.filter((q) => q.type === 'partner_rating');
  const byCode = new Map(members.map((m) => [m.organisation.code, m]));
  const header = ['organisation', 'respondent_role', ...own.map((q) => q.key), 'comments'];
  const partnerColumns = members.flatMap((m) => partnerItems.map((q) => `${q.key}:${m.organisation.code}`));
  const rows = [];
  for (const member of members) {
    const code = member.organisation.code;
    const respondents = 5 + Math.floor(random() * 4);
    for (let r = 0; r < respondents; r++) {
      const row = { organisation: code, respondent_role: role(random) };
      const mood = 0.58 + (random() - 0.5) * 0.3 - (code === FALLING_DYAD.from ? roundIndex * 0.04 : 0);
      for (const q of own) row[q.key] = q.key === 'purpose_joint_working' ? pick(q, 0.95, random) : pick(q, mood, random);
      row.comments = random() < 0.15 ? '[synthetic demo answer] Shared estates work is slow; data sharing is improving.' : '';
      const partners = partnersRated(members.filter((m) => m !== member), random);
      if (code === FALLING_DYAD.from && byCode.has(FALLING_DYAD.to) && !partners.includes(byCode.get(FALLING_DYAD.to))) {
        partners.push(byCode.get(FALLING_DYAD.to));
      }
      for (const partner of partners) {
        const falling = code === FALLING_DYAD.from && partner.organisation.code === FALLING_DYAD.to;
        const sentiment = falling ? FALLING_DYAD.sentiment[roundIndex] : 0.62 + (random() - 0.5) * 0.2;
        for (const q of partnerItems) {
          row[`${q.key}:${partner.organisation.code}`] = q.key === 'partner_closer_links' ? (random() < 0.9 ? 'yes' : 'no') : pick(q, sentiment, random);
        }
      }
      rows.push(row);
    }
  }
  const columns = [...header, ...partnerColumns];
  const quote = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  return [columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c] ?? '')).join(','))].join('\n') + '\n';
}

async function waitForScores(token, roundId) {
  for (let i = 0; i < 30; i++) {
    const { data } = await call('GET', `/rounds/${roundId}`, { token });
    if (data.status === 'scored') return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

/** Four quarterly rounds, each created, opened, filled from a synthetic upload and closed in turn. */
async function ensurePulses(token, footprint) {
  const { data: rounds } = await call('GET', `/footprints/${footprint.id}/rounds?limit=100`, { token });
  const done = new Set(rounds.items.map((r) => r.period));
  const { data: catalogue } = await call('GET', '/instruments?limit=100', { token });
  const { data: instrument } = await call('GET', `/instruments/${catalogue.items.find((i) => i.isDefault).id}`, { token });
  const { data: members } = await call('GET', `/footprints/${footprint.id}/members?limit=500`, { token });
  const random = randomSource('partnership-pulse-demo');
  for (const [index, period] of PERIODS.entries()) {
    const csv = syntheticPulses(instrument, members.items, index, random);
    if (done.has(period)) continue;
    const [year, quarter] = period.split('-Q').map(Number);
    const opensAt = new Date(Date.UTC(year, (quarter - 1) * 3, 1)).toISOString();
    const closesAt = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    const { data: round } = await call('POST', `/footprints/${footprint.id}/rounds`, { token, body: { period, opensAt, closesAt } });
    await call('POST', `/rounds/${round.id}/open`, { token });
    const { data: upload } = await call('POST', `/rounds/${round.id}/responses/import`, { token, csv });
    await call('POST', `/rounds/${round.id}/close`, { token });
    const scored = await waitForScores(token, round.id);
    log(`round ${period}: ${upload.imported} synthetic responses uploaded, closed${scored ? ' and scored' : ' (scoring still queued)'}`);
  }
}

async function main() {
  const credentials = loadCredentials();
  const admin = { email: process.env.DEMO_ADMIN_EMAIL, password: process.env.DEMO_ADMIN_PASSWORD };
  if (!admin.email || !admin.password) throw new Error('DEMO_ADMIN_EMAIL and DEMO_ADMIN_PASSWORD must be set');
  credentials.admin = admin;
  const adminToken = await login(admin.email, admin.password);

  const footprint = await ensureFootprints(adminToken);
  await ensureMembers(adminToken, footprint);

  await ensureUser(adminToken, credentials, 'lead', {
    email: 'lead@cheshire-merseyside.demo.pulse.local',
    displayName: 'Pat Lead (demo)',
    grants: [{ role: 'footprint_lead', footprintId: footprint.id }],
  });
  await ensureUser(adminToken, credentials, 'analyst', {
    email: 'analyst@cheshire-merseyside.demo.pulse.local',
    displayName: 'Alex Analyst (demo)',
    grants: [{ role: 'analyst', footprintId: footprint.id }],
  });
  const leadToken = await login(credentials.lead.email, credentials.lead.password);
  await ensurePulses(leadToken, footprint);

  if (!credentials.apiKey) {
    const { data } = await call('POST', '/api-keys', { token: leadToken, body: { name: 'Power BI (demo)', footprintIds: [footprint.id] } });
    credentials.apiKey = data.key;
    saveCredentials(credentials);
  }

  process.stdout.write(
    [
      `  Demo footprint ${footprint.name} (${footprint.code}), id ${footprint.id}`,
      `  Platform admin ${credentials.admin.email} / ${credentials.admin.password}`,
      `  Footprint lead ${credentials.lead.email} / ${credentials.lead.password}`,
      `  Analyst        ${credentials.analyst.email} / ${credentials.analyst.password}`,
      `  BI API key     ${credentials.apiKey}   (header X-API-Key)`,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  log(error.message);
  process.exit(1);
});
