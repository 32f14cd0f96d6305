import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { InvalidInputError, ProblemDetails } from '@pp/core';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import type { FastifyReply } from 'fastify';
import { InstrumentDto } from '../instruments/dto/instrument.dto';
import { ListRoundsQuery } from '../rounds/dto/list-rounds.query';
import { OrganisationInvitationDto, OrganisationInvitationPageDto } from '../invitations/dto/invitation.dto';
import { InvitationsService } from '../invitations/invitations.service';
import { RoundDto } from '../rounds/dto/round.dto';
import { idempotencyKeyOf, uuidParam } from '../shared/params';
import { FreeTextQuery } from './dto/free-text.query';
import { RoundFormDto } from './dto/round-form.dto';
import { FreeTextPageDto, ImportResultDto, OwnResponseDto, SubmissionResultDto } from './dto/submission-result.dto';
import { SubmitResponseDto } from './dto/submit-response.dto';
import { RESPONDENT_ROLES } from './respondent-roles';
import { ResponseImportsService } from './response-imports.service';
import { type RoundForm, ResponsesService } from './responses.service';
import type { StoredResult } from './submission-receipts';

export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Makes a retried POST return the first result without writing again (header Idempotent-Replayed: true). A key is remembered for 24 hours',
};

export function formDto(form: RoundForm): RoundFormDto {
  return {
    round: RoundDto.from(form.round),
    organisation: form.organisation,
    instrument: InstrumentDto.from(form.instrument),
    partners: form.partners,
    respondentRoles: RESPONDENT_ROLES,
  };
}

/** Sends a stored or fresh result with its status, marking replays. */
export function sendResult<T>(res: FastifyReply, result: StoredResult<T>): T {
  res.status(result.status);
  if (result.replayed) res.header('Idempotent-Replayed', 'true');
  return result.body;
}

@ApiTags('responses')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each question key or partner and the problem' })
@Controller()
export class ResponsesController {
  constructor(
    private readonly responses: ResponsesService,
    private readonly imports: ResponseImportsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get('organisations/:organisationId/invitations')
  @Permission('response.submit')
  @ApiOperation({ summary: 'Your organisation’s invitations to rounds, newest first (status=open for those it can answer now)' })
  @ApiOkResponse({ type: OrganisationInvitationPageDto })
  async invitationsOf(@Param('organisationId', uuidParam('organisationId')) organisationId: string, @Query() query: ListRoundsQuery): Promise<OrganisationInvitationPageDto> {
    const page = await this.invitations.listForOrganisation(organisationId, query, query.status);
    return { items: page.items.map(OrganisationInvitationDto.from), nextCursor: page.nextCursor };
  }

  @Get('invitations/:invitationId/form')
  @Permission('response.submit', { invitationId: 'invitation' })
  @ApiOperation({
    summary: 'The questions, and the partners your organisation’s respondents rate',
    description:
      'The same payload as GET /api/v1/pulse. While the round is open, GET /api/v1/rounds/{roundId}/responses/mine gives your earlier answers to pre-fill it, ' +
      'and submitting again replaces them.',
  })
  @ApiOkResponse({ type: RoundFormDto })
  async form(@Param('invitationId', uuidParam('invitationId')) invitationId: string): Promise<RoundFormDto> {
    return formDto(await this.responses.invitationForm(invitationId));
  }

  @Post('invitations/:invitationId/responses')
  @Permission('response.submit', { invitationId: 'invitation' })
  @ApiOperation({ summary: 'Submit your response to your organisation’s invitation (201); submitting again before close replaces it (200)' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: SubmissionResultDto })
  @ApiOkResponse({ type: SubmissionResultDto, description: 'Replaced your earlier response' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The round is not open (`code`: `round_not_open`); the detail names its status' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'The Idempotency-Key was used for a different request' })
  async submit(
    @Param('invitationId', uuidParam('invitationId')) invitationId: string,
    @Body() body: SubmitResponseDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SubmissionResultDto> {
    const result = await this.responses.submitAsUser(actor.id, invitationId, body, idempotencyKeyOf(idempotencyKey), new Date());
    return sendResult(res, result);
  }

  @Get('rounds/:roundId/responses/mine')
  @Permission('response.read_own')
  @ApiOperation({
    summary: 'Your own response to a round, while it is open: what pre-fills the form when you answer again',
    description: '404 when you have not answered the round (yet). Answers are option values by question key, partner ratings by partner organisation id then question key.',
  })
  @ApiOkResponse({ type: OwnResponseDto })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'You have not answered this round' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The round is not open (`code`: `round_not_open`): nobody sees individual answers then' })
  own(@Param('roundId', uuidParam('roundId')) roundId: string, @CurrentActor() actor: Actor): Promise<OwnResponseDto> {
    return this.responses.own(actor.id, roundId);
  }

  @Post('rounds/:roundId/responses/import')
  @Permission('response.import', { roundId: 'round' })
  @ApiOperation({
    summary: 'Upload offline responses as CSV, all or nothing',
    description:
      'One row per respondent. Columns: `organisation` (member code), `respondent_role`, then one column per question key; ' +
      'partner ratings as `<question_key>:<partner code>`. Empty cells are unanswered.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'organisation,respondent_role,trust_commitments,partner_overall:RBL\nE06000049,finance,agree,good\n' } })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: ImportResultDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'Nothing imported; `errors` lists each problem with its row and column' })
  async import(
    @Param('roundId', uuidParam('roundId')) roundId: string,
    @Body() csv: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ImportResultDto> {
    if (typeof csv !== 'string') {
      throw new InvalidInputError('Send the file as text/csv', [{ field: 'Content-Type', problem: 'must be text/csv' }]);
    }
    return sendResult(res, await this.imports.import(roundId, csv, actor.id, idempotencyKeyOf(idempotencyKey), new Date()));
  }

  @Get('rounds/:roundId/free-text')
  @Permission('free_text.read', { roundId: 'round' })
  @ApiOperation({
    summary: 'Free-text answers of a closed round, for its footprint’s leads',
    description: 'Only from organisations with at least the footprint’s anonymity threshold of respondents; no respondent, role or time is shown.',
  })
  @ApiOkResponse({ type: FreeTextPageDto })
  async freeText(@Param('roundId', uuidParam('roundId')) roundId: string, @Query() query: FreeTextQuery): Promise<FreeTextPageDto> {
    const page = await this.responses.freeText(roundId, query, query.organisationId);
    return { items: page.items.map((r) => ({ organisationId: r.organisationId, answers: r.freeText ?? {} })), nextCursor: page.nextCursor };
  }
}
