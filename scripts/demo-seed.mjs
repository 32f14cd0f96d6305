#!/usr/bin/env node
// Loads the demo through the public API, as a partnership's staff would: the 42 real footprints of
// England, the real members of Cheshire and Merseyside, its lead and analyst, a BI key.
// Re-running it changes nothing that is already there. Usage: node scripts/demo-seed.mjs <api-url>
// Needs DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD (the bootstrap admin demo.sh creates).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sharedData = join(root, '..', 'shared', 'data');
const credentialsFile = join(root, '.data', 'demo-credentials.json');
const base = `${process.argv[2] ?? 'http://127.0.0.1:3000'}/api/v1`;
const DEMO_FOOTPRINT = 'E54000008';

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
  return parse(readFileSync(join(sharedData, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
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
  const csv = readFileSync(join(sharedData, 'cheshire-merseyside-members.csv'), 'utf8');
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

  if (!credentials.apiKey) {
    const leadToken = await login(credentials.lead.email, credentials.lead.password);
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
