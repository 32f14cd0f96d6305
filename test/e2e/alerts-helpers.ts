import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AlertsWorkerModule, type EvaluationOutcome } from '@pp/alerts';
import { RoundScoringService, ScoringWorkerModule } from '@pp/scoring';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AlertsProcessor } from '../../libs/alerts/src/evaluation/alerts.processor';
import { NotificationsProcessor } from '../../libs/alerts/src/notifications/notifications.processor';
import { createUser, type SignedIn, signedInAs, signIn, uniqueEmail } from '../support/auth';
import { addMember, API, createFootprint, createOrganisation, type FootprintBody, type OrganisationBody } from '../support/factories-registry';
import { organisationOfType } from '../support/factories-scoring';
import { invitationsOf, ITEMS, PARTNER_ITEMS, roundWindow, submitUrl } from './surveys-helpers';

/**
 * A council and an acute trust in a footprint of their own (k = 3), three submitters each, a lead
 * whose mail the SMTP catcher receives, and the worker's alert and scoring services. Jobs are run
 * by calling the processors, not through the shared outbox relay, so suites running side by side in
 * one database never take each other's jobs; that each job was queued is checked in the outbox.
 */
export interface Partnership {
  footprint: FootprintBody;
  council: OrganisationBody;
  trust: OrganisationBody;
  councilSubmitters: SignedIn[];
  trustSubmitters: SignedIn[];
  lead: SignedIn;
}

/** Levels of the partner-rating items: the overall item's wording, and the five agreement items'. */
export const RATINGS = {
  excellent: { overall: 'very_good', agreement: 'strongly_agree' },
  good: { overall: 'good', agreement: 'agree' },
  middling: { overall: 'neither_good_nor_poor', agreement: 'neither_agree_nor_disagree' },
  poor: { overall: 'poor', agreement: 'disagree' },
} as const;
export type Rating = keyof typeof RATINGS;

export async function startWorkerContext(): Promise<INestApplicationContext> {
  // compile() runs no bootstrap hooks: no relay loop and no BullMQ workers, the test drives the jobs.
  return Test.createTestingModule({ imports: [ScoringWorkerModule, AlertsWorkerModule] }).compile();
}

export async function partnership(app: INestApplication): Promise<Partnership> {
  const footprint = await createFootprint(app, { anonymityThreshold: 3 });
  const council = await createOrganisation(app, { name: `Council ${footprint.code}` });
  const trust = await organisationOfType(app, 'acute_trust', `Acute Trust ${footprint.code}`);
  for (const member of [council, trust]) await addMember(app, footprint.id, member.id, '2020-04-01');
  const submitters = (organisationId: string) => Promise.all([1, 2, 3].map(() => signedInAs(app, { role: 'org_submitter', organisationId })));
  const lead = await signIn(app, await createUser(app, [{ role: 'footprint_lead', footprintId: footprint.id }], uniqueEmail('lead')));
  return { footprint, council, trust, councilSubmitters: await submitters(council.id), trustSubmitters: await submitters(trust.id), lead };
}

function pulse(partnerId: string, rating: Rating) {
  const level = RATINGS[rating];
  return {
    respondentRole: 'finance',
    answers: {
      ...Object.fromEntries(ITEMS.map((key) => [key, 'agree'])),
      trust_nhs_council: 'reasonable',
      involvement_decisions: 'moderate',
      delivery_progress: 'some',
      delivery_integration_likelihood: 'likely',
      delivery_relations_change: 'about_the_same',
      main_barrier: 'culture',
    },
    partnerRatings: {
      [partnerId]: { partner_overall: level.overall, ...Object.fromEntries(PARTNER_ITEMS.map((key) => [key, level.agreement])), partner_closer_links: 'yes' },
    },
  };
}

export interface Quarter {
  period: string;
  /** How each council respondent rates the trust. */
  councilRatesTrust: Rating[];
  /** How each trust respondent rates the council. */
  trustRatesCouncil: Rating[];
}

/** Opens a round, has every submitter answer, closes it and scores it in full. Returns the round id. */
export async function runQuarter(worker: INestApplicationContext, world: Partnership, quarter: Quarter): Promise<string> {
  const created = await world.lead.http
    .post(`${API}/footprints/${world.footprint.id}/rounds`)
    .send({ period: quarter.period, ...roundWindow() })
    .expect(201);
  const roundId = created.body.id as string;
  await world.lead.http.post(`${API}/rounds/${roundId}/open`).expect(200);
  const invitations = await invitationsOf(world.lead, roundId);
  const answer = async (submitters: SignedIn[], from: OrganisationBody, to: OrganisationBody, ratings: Rating[]) => {
    for (const [i, rating] of ratings.entries()) {
      await (submitters[i] as SignedIn).http.post(submitUrl(invitations[from.id] as string)).send(pulse(to.id, rating)).expect(201);
    }
  };
  await answer(world.councilSubmitters, world.council, world.trust, quarter.councilRatesTrust);
  await answer(world.trustSubmitters, world.trust, world.council, quarter.trustRatesCouncil);
  await world.lead.http.post(`${API}/rounds/${roundId}/close`).expect(200);
  await worker.get(RoundScoringService).score(roundId, 'final');
  return roundId;
}

/** A job as BullMQ hands it to a processor, on its first attempt. */
export function job<T>(name: string, data: T, id = `${name}-test`): Job {
  return { id, name, data, attemptsMade: 0, opts: { attempts: 8 } } as unknown as Job;
}

/** Runs the round's 'round.alerts' job, after checking scoring queued it with the scores. */
export async function evaluateAlerts(worker: INestApplicationContext, roundId: string): Promise<EvaluationOutcome> {
  const queued = await worker.get(DataSource).query('SELECT 1 FROM outbox WHERE job_id = $1', [`round.alerts-${roundId}`]);
  if (queued.length !== 1) throw new Error(`round.alerts-${roundId} was not queued by the round's scoring`);
  return worker.get(AlertsProcessor).process(job('round.alerts', { roundId }, `round.alerts-${roundId}`) as never);
}

/** Runs the 'alert.notify' job of every pending email and webhook notification of the footprint, as the queue would. */
export async function sendNotifications(worker: INestApplicationContext, footprintId: string): Promise<unknown[]> {
  const db = worker.get(DataSource);
  const pending: { id: string }[] = await db.query("SELECT id FROM alert_notification WHERE footprint_id = $1 AND status = 'pending' ORDER BY created_at", [footprintId]);
  const outcomes: unknown[] = [];
  for (const { id } of pending) {
    const queued = await db.query('SELECT 1 FROM outbox WHERE job_id = $1', [`alert.notify-${id}`]);
    if (queued.length !== 1) throw new Error(`alert.notify-${id} was not queued with its notification`);
    outcomes.push(await worker.get(NotificationsProcessor).process(job('alert.notify', { notificationId: id }, `alert.notify-${id}`) as never));
  }
  return outcomes;
}

export interface AlertRow {
  id: string;
  kind: string;
  subject: string;
  period: string;
  status: string;
  [field: string]: unknown;
}

/** Every alert of the footprint as its lead reads them, oldest first. */
export async function alertsOf(world: Partnership): Promise<AlertRow[]> {
  const res = await world.lead.http.get(`${API}/footprints/${world.footprint.id}/alerts?limit=500`).expect(200);
  return (res.body.items as AlertRow[]).reverse();
}
