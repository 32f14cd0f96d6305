import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { type SignedIn, signedInAs } from '../support/auth';
import { addMember, API, createFootprint, createOrganisation, type FootprintBody, type OrganisationBody } from '../support/factories-registry';

/**
 * A footprint of its own for one test: members (by default joined in April 2020, still members), a lead, and a
 * signed-in submitter per member. Built through the API, so tests never share rows.
 */
export interface Partnership {
  footprint: FootprintBody;
  members: OrganisationBody[];
  lead: SignedIn;
  submitters: SignedIn[];
}

export async function partnership(app: INestApplication, memberCount = 3, options: { memberFrom?: string; footprint?: Record<string, unknown> } = {}): Promise<Partnership> {
  const footprint = await createFootprint(app, options.footprint);
  const members: OrganisationBody[] = [];
  for (let i = 0; i < memberCount; i++) {
    const organisation = await createOrganisation(app);
    await addMember(app, footprint.id, organisation.id, options.memberFrom ?? '2020-04-01');
    members.push(organisation);
  }
  const lead = await signedInAs(app, { role: 'footprint_lead', footprintId: footprint.id });
  const submitters = await Promise.all(members.map((m) => signedInAs(app, { role: 'org_submitter', organisationId: m.id })));
  return { footprint, members, lead, submitters };
}

export interface RoundBody {
  id: string;
  footprintId: string;
  instrumentId: string;
  period: string;
  status: string;
  opensAt: string;
  closesAt: string;
  [field: string]: unknown;
}

const HOUR = 3600 * 1000;

export function roundWindow(opensInHours = -1, closesInHours = 24 * 7): { opensAt: string; closesAt: string } {
  return { opensAt: new Date(Date.now() + opensInHours * HOUR).toISOString(), closesAt: new Date(Date.now() + closesInHours * HOUR).toISOString() };
}

export async function createRound(lead: SignedIn, footprintId: string, fields: Record<string, unknown> = {}): Promise<RoundBody> {
  const res = await lead.http
    .post(`${API}/footprints/${footprintId}/rounds`)
    .send({ period: '2026-Q3', ...roundWindow(), ...fields })
    .expect(201);
  return res.body as RoundBody;
}

export async function openRound(lead: SignedIn, footprintId: string, fields: Record<string, unknown> = {}): Promise<RoundBody> {
  const round = await createRound(lead, footprintId, fields);
  const res = await lead.http.post(`${API}/rounds/${round.id}/open`).expect(200);
  return res.body as RoundBody;
}

/** Invitation id by organisation id, as the round's lead sees them. */
export async function invitationsOf(lead: SignedIn, roundId: string): Promise<Record<string, string>> {
  const res = await lead.http.get(`${API}/rounds/${roundId}/invitations`).expect(200);
  return Object.fromEntries(res.body.items.map((i: { id: string; organisationId: string }) => [i.organisationId, i.id]));
}

export const submitUrl = (invitationId: string) => `${API}/invitations/${invitationId}/responses`;

/** The agreement items of Relationship Health Pulse v1 that are not about one partner. */
export const ITEMS = [
  'trust_commitments',
  'trust_openness',
  'purpose_shared_goals',
  'purpose_joint_working',
  'involvement_equal_partner',
  'communication_information',
  'communication_problem_solving',
];
/** The agreement items asked about each partner. */
export const PARTNER_ITEMS = ['partner_reliable', 'partner_mission', 'partner_open', 'partner_communication', 'partner_problem_solving'];

/** A complete answer to Relationship Health Pulse v1, rating each partner. */
export function pulseAnswers(partnerIds: readonly string[], overrides: Record<string, unknown> = {}): {
  respondentRole: string;
  answers: Record<string, unknown>;
  partnerRatings: Record<string, Record<string, string>>;
} {
  const answers: Record<string, unknown> = {
    ...Object.fromEntries(ITEMS.map((key) => [key, 'agree'])),
    trust_nhs_council: 'reasonable',
    involvement_decisions: 'moderate',
    delivery_progress: 'some',
    delivery_integration_likelihood: 'likely',
    delivery_relations_change: 'better',
    main_barrier: 'culture',
    comments: 'Joint working on discharge is getting better.',
    ...overrides,
  };
  const partnerRatings = Object.fromEntries(
    partnerIds.map((id) => [id, { partner_overall: 'good', ...Object.fromEntries(PARTNER_ITEMS.map((key) => [key, 'agree'])), partner_closer_links: 'yes' }]),
  );
  return { respondentRole: 'finance', answers, partnerRatings };
}

/** Header and rows of an upload, in the column layout the import expects. */
export function uploadCsv(rows: readonly Record<string, string>[]): string {
  const header = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return [header.join(','), ...rows.map((row) => header.map((column) => row[column] ?? '').join(','))].join('\n') + '\n';
}

export { API, request };
