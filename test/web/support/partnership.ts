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
      // Past the five names, numbered, so each member's name (and its alerts' summaries) is its own.
      http.post(`${API}/organisations`, { data: { code: `E06${String(randomInt(1e6)).padStart(6, '0')}`, name: `${NAMES[i % NAMES.length]}${i < NAMES.length ? '' : ` ${Math.floor(i / NAMES.length) + 1}`}`, type: 'unitary_authority' } }),
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
  /** The UK dates over which the round counts its members. */
  opensOn: string;
  closesOn: string;
}

const HOUR = 3600_000;

export interface RoundWindow {
  /** When it opens and closes, in hours from now (default an hour ago, and in a week: it must close after now to open). */
  opensInHours?: number;
  closesInHours?: number;
}

/** A round the lead creates (and opens unless told not to), in a period of its own. */
export async function round(world: Partnership, { open = true, period = '2026-Q3', opensInHours = -1, closesInHours = 7 * 24 }: { open?: boolean; period?: string } & RoundWindow = {}): Promise<Round> {
  const created = await ok<Round>(
    world.lead.http.post(`${API}/footprints/${world.footprintId}/rounds`, {
      data: { period, opensAt: new Date(Date.now() + opensInHours * HOUR).toISOString(), closesAt: new Date(Date.now() + closesInHours * HOUR).toISOString() },
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

/** The questions of a respondent link's form (GET /api/v1/pulse), in order, options least favourable first. */
interface FormQuestion {
  key: string;
  type: 'scale' | 'yes_no' | 'single_choice' | 'partner_rating' | 'free_text';
  dimension: string | null;
  options: { value: string }[];
}

/** The instrument a link answers, read from its form as the respondent's page reads it: nothing here lists the default instrument's items. */
async function formQuestions(anonymous: APIRequestContext, token: string): Promise<FormQuestion[]> {
  return (await ok<{ instrument: { questions: FormQuestion[] } }>(anonymous.get(`${API}/pulse`, { headers: { 'X-Pulse-Token': token } }))).instrument.questions;
}

const ROLES = ['chief_executive', 'finance', 'adult_social_care', 'public_health', 'commissioning', 'other'];

/** Option at `level` (0–4) of a scale, the same share of a shorter scale rounded down. */
function optionAt(options: readonly string[], level: number): string {
  return options[Math.min(options.length - 1, Math.floor((Math.max(0, Math.min(4, level)) * (options.length - 1)) / 4))] as string;
}

export interface ScoredRoundOptions extends RoundWindow {
  /** The round's period, distinct per round of a footprint. */
  period?: string;
  /**
   * Respondents per member, in world.members order (default 6, 5, 2 with the default k = 5: the
   * first two members' figures pass the gate, the third's are withheld).
   */
  respondents?: readonly number[];
  /** Centre of the answers on the 0–4 scale (default 3, "agree"); each respondent varies around it, so questions have favourable, neutral and unfavourable answers. */
  level?: number;
  /** A comment (free text) from each respondent of the first member, which leads read once the round is closed. */
  comment?: string;
  /**
   * Moves one respondent's answer to one scored item (index in the instrument's order) off their
   * level, in steps of the 0–4 scale (default none: every item at the respondent's level), so items
   * and dimensions vary apart, as key drivers need.
   */
  itemOffset?: (respondent: number, item: number) => number;
}

/**
 * Respondents of each member answer the open round through respondent links the lead issues (varied
 * answers, every other member rated), in world.members order. Returns how many answered.
 */
export async function answerRound(world: Partnership, roundId: string, { respondents = [6, 5, 2], level = 3, comment, itemOffset = () => 0 }: Omit<ScoredRoundOptions, 'period' | keyof RoundWindow> = {}): Promise<number> {
  const anonymous = await request.newContext({ baseURL: stack.url });
  let questions: FormQuestion[] | undefined;
  let answered = 0;
  for (const [m, member] of world.members.entries()) {
    const count = respondents[m] ?? 0;
    if (count === 0) continue;
    const issued = await ok<{ items: { token: string }[] }>(world.lead.http.post(`${API}/rounds/${roundId}/links`, { data: { organisationId: member.id, count } }));
    for (const [i, link] of issued.items.entries()) {
      questions ??= await formQuestions(anonymous, link.token);
      // Spread around `level`: -1, 0, +1 by turns, and each member a little apart, so distributions
      // mix favourable, neutral and unfavourable answers and organisations score differently.
      const own = level + ((i % 3) - 1) - (m % 2);
      const values = (q: FormQuestion) => q.options.map((o) => o.value);
      const answers: Record<string, string> = {};
      let item = 0;
      for (const q of questions) {
        if (q.type === 'partner_rating' || q.type === 'free_text' || q.options.length === 0) continue;
        // An unscored choice (the main barrier) by turns; scored items at the respondent's level, moved by itemOffset.
        answers[q.key] = q.dimension === null ? (values(q)[(i + m) % q.options.length] as string) : optionAt(values(q), own + itemOffset(i + 10 * m, item++));
      }
      const freeText = questions.find((q) => q.type === 'free_text');
      if (comment && m === 0 && freeText) answers[freeText.key] = `${comment} (${i + 1})`;
      const partnerItems = questions.filter((q) => q.type === 'partner_rating');
      const partnerRatings = Object.fromEntries(
        world.members
          .filter((other) => other.id !== member.id)
          .map((other, o) => [other.id, Object.fromEntries(partnerItems.map((q) => [q.key, optionAt(values(q), own + (o % 2))]))]),
      );
      await ok(
        anonymous.post(`${API}/pulse/responses`, {
          headers: { 'X-Pulse-Token': link.token },
          data: { respondentRole: ROLES[i % ROLES.length], answers, partnerRatings },
        }),
        [201],
      );
      answered += 1;
    }
  }
  await anonymous.dispose();
  return answered;
}

/**
 * A round of `world` answered through respondent links and scored: the lead creates and opens it,
 * each member's respondents answer (answerRound), the lead closes the round and this waits until
 * the worker has scored it. Returns the scored round.
 */
export async function scoredRound(world: Partnership, { period = '2026-Q2', opensInHours, closesInHours, ...answering }: ScoredRoundOptions = {}): Promise<Round & { status: string }> {
  const opened = await round(world, { period, opensInHours, closesInHours });
  await answerRound(world, opened.id, answering);
  await ok(world.lead.http.post(`${API}/rounds/${opened.id}/close`), [200]);
  let scored: Round & { status: string } = { ...opened, status: 'closed' };
  await expect
    .poll(
      async () => {
        scored = await ok<Round & { status: string }>(world.lead.http.get(`${API}/rounds/${opened.id}`));
        return scored.status;
      },
      { timeout: 90_000, intervals: [250, 500, 1000] },
    )
    .toBe('scored');
  return scored;
}
