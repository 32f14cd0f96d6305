import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import { ExpectedRespondentsDto } from './dto/expected-respondents.dto';
import { InvitationDto, InvitationListDto } from './dto/invitation.dto';
import { IssuedLinksDto, IssueLinksDto } from './dto/issue-links.dto';
import { RemindersDto, ResponseRatesDto } from './dto/response-rates.dto';
import { InvitationsService } from './invitations.service';
import { RespondentLinksService } from './respondent-links.service';

@ApiTags('invitations')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller('rounds/:roundId')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly links: RespondentLinksService,
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
  @ApiOperation({ summary: 'Issue single-use respondent links for one member organisation; the tokens are shown only in this response' })
  @ApiCreatedResponse({ type: IssuedLinksDto })
  async issueLinks(@Param('roundId', uuidParam('roundId')) roundId: string, @Body() body: IssueLinksDto, @CurrentActor() actor: Actor): Promise<IssuedLinksDto> {
    const issued = await this.links.issue(
      roundId,
      { organisationId: body.organisationId, count: body.count ?? 1, expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined },
      actor.kind === 'user' ? actor.id : null,
      new Date(),
    );
    return { items: issued.map((link) => ({ ...link, expiresAt: link.expiresAt.toISOString() })) };
  }
}
