import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError, type Page, type PageQuery, paginate } from '@pp/core';
import { DataSource } from 'typeorm';
import type { Instrument } from '../instruments/instrument.entity';
import { InstrumentsService } from '../instruments/instruments.service';
import { type InvitationRef, InvitationsService } from '../invitations/invitations.service';
import { type FoundLink, RespondentLinksService } from '../invitations/respondent-links.service';
import type { Round } from '../rounds/round.entity';
import type { RoundMember } from '../rounds/round-members';
import { type RoundContext, RoundContexts } from '../rounds/round-contexts';
import { type AnswerSet, decodeAnswers, type EncodedAnswers, validateAnswers } from './answer-validation';
import { PartnerRating } from './partner-rating.entity';
import type { RespondentRole } from './respondent-roles';
import { ResponseRecord } from './response-record.entity';
import { type Respondent, ResponseWriter, type WriteOutcome } from './response-writer';
import { RECEIPT_KEY_INDEX, type ReceiptScope, requestHashOf, SubmissionReceipts } from './submission-receipts';

export interface Submission {
  respondentRole: RespondentRole;
  answers: AnswerSet['answers'];
  partnerRatings?: AnswerSet['partnerRatings'];
}

/** What a submission returns, and what a retry with the same Idempotency-Key returns again. */
export interface SubmissionResult {
  id: string;
  roundId: string;
  organisationId: string;
  respondentRole: RespondentRole;
  revision: number;
  partnersRated: number;
  submittedAt: string;
}

export interface RoundForm {
  round: Round;
  organisation: RoundMember;
  instrument: Instrument;
  partners: RoundMember[];
}

export interface OwnResponse extends SubmissionResult {
  answers: Record<string, string>;
  partnerRatings: Record<string, Record<string, string>>;
}

@Injectable()
export class ResponsesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contexts: RoundContexts,
    private readonly links: RespondentLinksService,
    private readonly writer: ResponseWriter,
    private readonly receipts: SubmissionReceipts,
    private readonly instruments: InstrumentsService,
    private readonly invitations: InvitationsService,
  ) {}

  /** The form of an organisation's invitation: what its signed-in submitters answer. */
  async invitationForm(invitationId: string): Promise<RoundForm> {
    const invitation = await this.invitation(invitationId);
    return this.form(invitation.roundId, invitation.organisationId);
  }

  /** What a respondent of an organisation answers: the round, its instrument, and the partners they may rate. */
  private async form(roundId: string, organisationId: string): Promise<RoundForm> {
    const context = await this.contexts.get(roundId);
    const organisation = context.members.get(organisationId);
    if (!organisation) throw new NotFoundError('Round', roundId);
    const instrument = await this.instruments.get(context.round.instrumentId);
    const partners = [...context.members.values()].filter((m) => m.organisationId !== organisationId);
    return { round: context.round, organisation, instrument, partners };
  }

  /** The form behind a respondent link, while it can be answered: a link into a round not (or no longer) open says so before anyone fills it in. */
  async linkForm(link: FoundLink, now: Date): Promise<RoundForm> {
    this.links.assertUsable(link, now);
    const form = await this.form(link.roundId, link.organisationId);
    await this.assertOpen(await this.contexts.get(link.roundId), now, 'its respondent links can be answered only while it is open');
    return form;
  }

  /** A signed-in submitter answering their organisation's invitation; a second submission replaces the first. */
  async submitAsUser(userId: string, invitationId: string, submission: Submission, idempotencyKey: string | undefined, now: Date) {
    const { roundId, organisationId } = await this.invitation(invitationId);
    const context = await this.contexts.get(roundId);
    if (!context.members.has(organisationId)) throw new ConflictError('The organisation is no longer a member of the footprint at the round’s dates');
    return this.submit(context, { key: `u:${userId}`, source: 'account', organisationId }, submission, idempotencyKey, now);
  }

  /** A respondent without an account, authorised by a single-use link (found by PulseTokenGuard). */
  async submitWithLink(link: FoundLink, submission: Submission, idempotencyKey: string | undefined, now: Date) {
    const context = await this.contexts.get(link.roundId);
    if (!context.members.has(link.organisationId)) throw new ConflictError('The organisation of this link is no longer a member of the footprint at the round’s dates');
    const respondent: Respondent = { key: `l:${link.id}`, source: 'link', organisationId: link.organisationId, linkId: link.id };
    // Checked after the receipt lookup: the retry of the submission that used the link gets its result back.
    return this.submit(context, respondent, submission, idempotencyKey, now, () => this.links.assertUsable(link, now));
  }

  /** The respondent's own response, while the round is open; after close nobody sees individual answers. */
  async own(userId: string, roundId: string): Promise<OwnResponse> {
    // Looked up before the round, so a round the caller never answered tells them nothing about itself.
    const record = await this.dataSource.manager.findOneBy(ResponseRecord, { roundId, respondentKey: `u:${userId}` });
    if (!record) throw new NotFoundError('Your response to round', roundId);
    const context = await this.contexts.get(roundId);
    await this.assertOpen(context, new Date(), 'answers are shown to their respondent only while it is open');
    const partners = await this.dataSource.manager.find(PartnerRating, { where: { responseId: record.id }, order: { partnerOrganisationId: 'ASC' } });
    const decoded = decodeAnswers(context.instrument, {
      choices: record.choices,
      freeText: record.freeText,
      partners: partners.map((p) => ({ organisationId: p.partnerOrganisationId, choices: p.choices })),
    });
    return { ...this.result(record.id, roundId, record.organisationId, record.respondentRole, record.revision, partners.length, record.submittedAt), ...decoded };
  }

  /**
   * Free-text answers of a closed round, for the footprint's leads: only from organisations with at
   * least the footprint's anonymity threshold of respondents, in no particular order (by random id,
   * never by time, so a text cannot be matched to when someone answered), without role or respondent.
   */
  async freeText(roundId: string, page: PageQuery, organisationId?: string): Promise<Page<ResponseRecord>> {
    const context = await this.contexts.get(roundId);
    const { round } = context;
    if (round.status !== 'closed' && round.status !== 'scored') {
      throw new ConflictError(`The round is ${round.status}; free-text answers are shown once it has closed`);
    }
    const rows = this.dataSource
      .getRepository(ResponseRecord)
      .createQueryBuilder('r')
      .select(['r.id', 'r.organisationId', 'r.freeText'])
      .where('r.round_id = :roundId', { roundId })
      .andWhere('r.free_text IS NOT NULL')
      .andWhere(
        `r.organisation_id IN (SELECT organisation_id FROM response WHERE round_id = :roundId GROUP BY organisation_id HAVING count(*) >= :threshold)`,
        { threshold: context.anonymityThreshold },
      );
    if (organisationId) rows.andWhere('r.organisation_id = :organisationId', { organisationId });
    return paginate(rows, 'r.id', (r) => r.id, page);
  }

  private async submit(context: RoundContext, respondent: Respondent, submission: Submission, idempotencyKey: string | undefined, now: Date, authorise = () => {}) {
    const { round } = context;
    const request = { roundId: round.id, organisationId: respondent.organisationId, submission };
    const receipt: ReceiptScope | undefined = idempotencyKey ? { footprintId: round.footprintId, roundId: round.id, scope: respondent.key, key: idempotencyKey, request } : undefined;
    let answers: EncodedAnswers;
    try {
      answers = await this.accept(context, respondent, submission, now, authorise);
    } catch (refusal) {
      // A retry of a request that went through gets its result back though it would be refused now
      // (its link is used, the round has closed): the key's receipt is asked before a refusal stands.
      const earlier = receipt && (await this.receipts.find<SubmissionResult>(receipt));
      if (earlier) return earlier;
      throw refusal;
    }
    const partnersRated = answers.partners.length;
    const toWrite = { id: randomUUID(), respondent, role: submission.respondentRole, answers };
    const toStore = receipt && {
      key: receipt.key,
      requestHash: requestHashOf(request),
      body: { roundId: round.id, organisationId: respondent.organisationId, respondentRole: submission.respondentRole, partnersRated, submittedAt: now.toISOString() },
    };
    let outcome: WriteOutcome;
    try {
      outcome = await this.writer.write(this.dataSource, round.id, toWrite, now, toStore);
    } catch (error) {
      // The same key sent twice at once: this one waited for the other, then lost; it gets the other's result.
      const raced = receipt && (error as { constraint?: unknown }).constraint === RECEIPT_KEY_INDEX;
      const earlier = raced ? await this.receipts.find<SubmissionResult>(receipt) : null;
      if (earlier) return earlier;
      throw error;
    }
    if (outcome && 'written' in outcome) {
      const { written } = outcome;
      const body = this.result(written.id, round.id, respondent.organisationId, submission.respondentRole, written.revision, partnersRated, written.submittedAt);
      return { status: written.revision === 1 ? 201 : 200, body, replayed: false };
    }
    if (outcome && receipt) return this.receipts.replay<SubmissionResult>(outcome.earlier, receipt);
    // Nothing written: a request with the same key may have used the link just before this one.
    const earlier = receipt && (await this.receipts.find<SubmissionResult>(receipt));
    if (earlier) return earlier;
    return this.explainNothingWritten(context, respondent, now);
  }

  /** The response encoded for storage, once the respondent may submit it to the open round and it passes the instrument's checks. */
  private async accept(context: RoundContext, respondent: Respondent, submission: Submission, now: Date, authorise: () => void): Promise<EncodedAnswers> {
    authorise();
    await this.assertOpen(context, now, 'submissions are accepted only while it is open');
    const validation = validateAnswers(context.instrument, { answers: submission.answers, partnerRatings: submission.partnerRatings ?? {} }, {
      organisationId: respondent.organisationId,
      members: context.members,
    });
    if (!validation.ok) {
      const detail = validation.problems.map((p) => `${p.field} ${p.problem}`).join('; ');
      throw new InvalidInputError(`The response has ${validation.problems.length} problem(s): ${detail}`, validation.problems);
    }
    return validation.value;
  }

  /** The statement wrote nothing: the round closed, or the link was used, after our checks. */
  private async explainNothingWritten(context: RoundContext, respondent: Respondent, now: Date): Promise<never> {
    this.contexts.invalidate(context.round.id);
    await this.assertOpen(await this.contexts.get(context.round.id), now, 'submissions are accepted only while it is open');
    if (respondent.linkId) throw new ConflictError('This respondent link has already been used; each link answers once', [], 'pulse_link_used');
    throw new ConflictError('The round stopped taking submissions while this one was written; nothing was saved');
  }

  /** Refuses when the round is not open, naming its status; a cached status that says no is checked afresh. */
  private async assertOpen(context: RoundContext, now: Date, why: string): Promise<void> {
    let { round } = context;
    if (round.status !== 'open' || round.closesAt <= now) {
      this.contexts.invalidate(round.id);
      round = (await this.contexts.get(round.id)).round;
    }
    if (round.status !== 'open') throw new ConflictError(`The round is ${round.status}; ${why}`, [{ field: 'status', problem: `is ${round.status}` }], 'round_not_open');
    if (round.closesAt <= now) throw new ConflictError(`The round closed at ${round.closesAt.toISOString()}; ${why}`, [{ field: 'closesAt', problem: 'has passed' }], 'round_not_open');
  }

  private async invitation(id: string): Promise<InvitationRef> {
    const invitation = await this.invitations.locate(id);
    if (!invitation) throw new NotFoundError('Invitation', id);
    return invitation;
  }

  private result(id: string, roundId: string, organisationId: string, respondentRole: RespondentRole, revision: number, partnersRated: number, submittedAt: Date): SubmissionResult {
    return { id, roundId, organisationId, respondentRole, revision, partnersRated, submittedAt: submittedAt.toISOString() };
  }
}
