import { type APIRequestContext, expect, request } from '@playwright/test';
import { randomBytes, randomInt } from 'node:crypto';
import { stack } from './fixtures';

/**
 * A partnership of its own for one browser test, built through the public API as people would: the
 * platform admin registers a footprint and its members, invites a lead (and submitters), who accept
 * their invitations and sign in; the lead creates a round, opens it and issues respondent links.
 */
export const API = '/api/v1';

export interface Account {
  email: string;
  password: string;
  http: APIRequestContext;
}

export interface Organisation {
  id: string;
  code: string;
  name: string;
}

async function signedIn(email: string, password: string): Promise<Account> {
  const anonymous = await request.newContext({ baseURL: stack.url });
  const login = await anonymous.post(`${API}/auth/login`, { data: { email, password } });
  expect(login.status(), await login.text()).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  await anonymous.dispose();
  return { email, password, http: await request.newContext({ baseURL: stack.url, extraHTTPHeaders: { Authorization: `Bearer ${accessToken}` } }) };
}

export async function ok<T>(response: Promise<import('@playwright/test').APIResponse>, status = [200, 201]): Promise<T> {
  const res = await response;
  expect(status, `${res.url()}: ${res.status()} ${await res.text()}`).toContain(res.status());
  return (res.status() === 204 ? undefined : await res.json()) as T;
}

let admin: Promise<Account> | undefined;
export function asAdmin(): Promise<Account> {
  admin ??= signedIn(stack.admin.email, stack.admin.password);
  return admin;
}

/** An account the admin invited with `grants`, accepted through the API with a password of its own, signed in. */
export async function invitedAccount(label: string, grants: Record<string, string>[]): Promise<Account> {
  const email = `${label}-${randomBytes(4).toString('hex')}@web-tests.pulse.local`;
  const password = `pw-${randomBytes(10).toString('hex')}`;
  const invited = await ok<{ invitationToken: string }>((await asAdmin()).http.post(`${API}/users/invitations`, { data: { email, displayName: label, grants } }));
  const anonymous = await request.newContext({ baseURL: stack.url });
  await ok(anonymous.post(`${API}/auth/invitations/accept`, { data: { token: invited.invitationToken, password } }), [204]);
  await anonymous.dispose();
  return signedIn(email, password);
}

const NAMES = ['Halton Borough Council', 'Warrington Borough Council', 'Cheshire East Council', 'Wirral Council', 'Sefton Council'];

export interface Partnership {
  footprintId: string;
  members: Organisation[];
  lead: Account;
}

export async function partnership(memberCount = 3): Promise<Partnership> {
  const { http } = await asAdmin();
  const footprint = await ok<{ id: string }>(
    http.post(`${API}/footprints`, {
      data: { code: `E54${String(randomInt(1e6)).padStart(6, '0')}`, name: 'Cheshire and Merseyside', kind: 'ICS', nation: 'england', region: { name: 'North West', code: 'E40000010' } },
    }),
  );
  const members: Organisation[] = [];
  for (let i = 0; i < memberCount; i++) {
    const organisation = await ok<Organisation>(
      http.post(`${API}/organisations`, { data: { code: `E06${String(randomInt(1e6)).padStart(6, '0')}`, name: NAMES[i % NAMES.length], type: 'unitary_authority' } }),
    );
    await ok(http.post(`${API}/footprints/${footprint.id}/members`, { data: { organisationId: organisation.id, memberFrom: '2020-04-01', memberTo: null } }));
    members.push(organisation);
  }
  const lead = await invitedAccount('lead', [{ role: 'footprint_lead', footprintId: footprint.id }]);
  return { footprintId: footprint.id, members, lead };
}

export interface Round {
  id: string;
  period: string;
  closesAt: string;
}

const HOUR = 3600_000;

/** A round the lead creates (and opens unless told not to), in a period of its own. */
export async function round(world: Partnership, { open = true, period = '2026-Q3' } = {}): Promise<Round> {
  const created = await ok<Round>(
    world.lead.http.post(`${API}/footprints/${world.footprintId}/rounds`, {
      data: { period, opensAt: new Date(Date.now() - HOUR).toISOString(), closesAt: new Date(Date.now() + 7 * 24 * HOUR).toISOString() },
    }),
  );
  return open ? ok<Round>(world.lead.http.post(`${API}/rounds/${created.id}/open`)) : created;
}

/** Respondent links the lead issues for one member: the path each one opens in the web app (`/pulse#<token>`). */
export async function issueLinks(world: Partnership, roundId: string, organisationId: string, fields: Record<string, unknown> = {}): Promise<string[]> {
  const issued = await ok<{ items: { url: string; token: string }[] }>(world.lead.http.post(`${API}/rounds/${roundId}/links`, { data: { organisationId, ...fields } }));
  return issued.items.map((link) => {
    expect(new URL(link.url).pathname).toBe('/pulse');
    expect(new URL(link.url).hash).toBe(`#${link.token}`);
    return `/pulse#${link.token}`;
  });
}

/** Respondents per organisation in the round's response rates, as the lead sees them. */
export async function respondentsOf(world: Partnership, roundId: string): Promise<Record<string, number>> {
  const rates = await ok<{ organisations: { organisationId: string; respondents: number }[] }>(world.lead.http.get(`${API}/rounds/${roundId}/response-rates`));
  return Object.fromEntries(rates.organisations.map((o) => [o.organisationId, o.respondents]));
}
