import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import type { FastifyReply } from 'fastify';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import { EmailedLinksDto, EmailLinksDto } from './dto/email-links.dto';
import { ExpectedRespondentsDto } from './dto/expected-respondents.dto';
import { InvitationDto, InvitationListDto } from './dto/invitation.dto';
import { IssuedLinksDto, IssueLinksDto, LINKS_CSV_COLUMNS, linksCsv } from './dto/issue-links.dto';
import { RemindersDto, ResponseRatesDto } from './dto/response-rates.dto';
import { InvitationsService } from './invitations.service';
import { LinkEmailsService } from './link-emails.service';
import { RespondentLinksService } from './respondent-links.service';

@ApiTags('invitations')
@ApiExtraModels(IssuedLinksDto)
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller('rounds/:roundId')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly links: RespondentLinksService,
    private readonly linkEmails: LinkEmailsService,
  ) {}

  @Get('invitations')
  @Permission('round.read', { roundId: 'round' })
  @ApiOperation({ summary: 'The organisations invited to a round' })
  @ApiOkResponse({ type: InvitationListDto })
  async list(@Param('roundId', uuidParam('roundId')) roundId: string): Promise<InvitationListDto> {
    return { items: (await this.invitations.list(roundId)).map(InvitationDto.from) };
  }

  @Patch('invitations/:organisationId')
  @Permission('round.manage', { roundId: 'round' })
  @ApiOperation({ summary: 'Set how many respondents an organisation is expected to have (its response-rate denominator)' })
  @ApiOkResponse({ type: InvitationDto })
  async setExpected(
    @Param('roundId', uuidParam('roundId')) roundId: string,
    @Param('organisationId', uuidParam('organisationId')) organisationId: string,
    @Body() body: ExpectedRespondentsDto,
  ): Promise<InvitationDto> {
    return InvitationDto.from(await this.invitations.setExpectedRespondents(roundId, organisationId, body.expectedRespondents));
  }

  @Get('response-rates')
  @Permission('response_rate.read', { roundId: 'round' })
  @ApiOperation({ summary: 'Respondents per invited organisation and overall, live while the round is open' })
  @ApiOkResponse({ type: ResponseRatesDto })
  responseRates(@Param('roundId', uuidParam('roundId')) roundId: string): Promise<ResponseRatesDto> {
    return this.invitations.responseRates(roundId);
  }

  @Post('reminders')
  @HttpCode(200)
  @Permission('round.manage', { roundId: 'round' })
  @ApiOperation({ summary: 'Remind organisations below their expected respondents now (at most once a day each)' })
  @ApiOkResponse({ type: RemindersDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The round is not open' })
  async remind(@Param('roundId', uuidParam('roundId')) roundId: string): Promise<RemindersDto> {
    return { organisationIds: await this.invitations.remind(roundId, new Date()) };
  }

  @Post('links')
  @Permission('round.manage', { roundId: 'round' })
  @ApiOperation({
    summary: 'Issue single-use respondent links for one member organisation; the tokens are shown only in this response',
    description:
      'Each link is the web app’s page `url` (APP_URL/pulse#<token>). With `Accept: text/csv` the same links come as a CSV download ' +
      `(columns ${LINKS_CSV_COLUMNS.join(', ')}) for a mail merge; they cannot be downloaded again later.`,
  })
  @ApiCreatedResponse({
    description: 'The links',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(IssuedLinksDto) } },
      'text/csv': { schema: { type: 'string' }, example: `${LINKS_CSV_COLUMNS.join(',')}\n6f1c…,2b7e…,https://pulse.example.nhs.uk/pulse#3q2-Yb0…,2026-09-30T17:00:00.000Z\n` },
    },
  })
  async issueLinks(
    @Param('roundId', uuidParam('roundId')) roundId: string,
    @Body() body: IssueLinksDto,
    @CurrentActor() actor: Actor,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<IssuedLinksDto | string> {
    const issued = await this.links.issue(
      roundId,
      { organisationId: body.organisationId, count: body.count ?? 1, expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined },
      actor.kind === 'user' ? actor.id : null,
      new Date(),
    );
    const links: IssuedLinksDto = { items: issued.map((link) => ({ ...link, expiresAt: link.expiresAt.toISOString() })) };
    if (!accept?.split(',')[0]?.trim().toLowerCase().startsWith('text/csv')) return links;
    res.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="respondent-links-${roundId}.csv"`);
    return linksCsv(links);
  }

  @Post('links/emails')
  @HttpCode(200)
  @Permission('round.manage', { roundId: 'round' })
  @ApiOperation({
    summary: 'Issue one single-use respondent link per address of a list and email each link to its address',
    description:
      'The addresses are used to send and never stored: not in the database, the job queue, the audit log (which counts the links) or the logs, ' +
      'so no answer can be traced to an address. Links the mail relay did not take are withdrawn and their addresses listed in `notEmailed`.',
  })
  @ApiOkResponse({ type: EmailedLinksDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The round is closed, or email is not set up on this server (SMTP_URL)' })
  emailLinks(@Param('roundId', uuidParam('roundId')) roundId: string, @Body() body: EmailLinksDto, @CurrentActor() actor: Actor): Promise<EmailedLinksDto> {
    const input = { organisationId: body.organisationId, emails: body.emails, expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined };
    return this.linkEmails.send(roundId, input, actor.kind === 'user' ? actor.id : null, new Date());
  }
}
