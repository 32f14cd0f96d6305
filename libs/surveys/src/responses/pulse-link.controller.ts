import { Body, Controller, Get, Headers, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemDetails, Public } from '@pp/core';
import type { FastifyReply } from 'fastify';
import type { FoundLink } from '../invitations/respondent-links.service';
import { idempotencyKeyOf } from '../shared/params';
import { RoundFormDto } from './dto/round-form.dto';
import { SubmissionResultDto } from './dto/submission-result.dto';
import { SubmitResponseDto } from './dto/submit-response.dto';
import { formDto, IDEMPOTENCY_HEADER, sendResult } from './responses.controller';
import { ResponsesService } from './responses.service';
import { CurrentLink, PulseTokenGuard } from './pulse-token.guard';

const TOKEN_HEADER = {
  name: 'X-Pulse-Token',
  required: true,
  description: 'The respondent link token, from the fragment of the link APP_URL/pulse#<token>; it is bound to one organisation and one round, and answers once',
};

/** Respondents without an account: no sign-in; the link token in X-Pulse-Token authorises the request. */
@ApiTags('pulse links')
@ApiUnauthorizedResponse({ type: ProblemDetails, description: 'No token (`code`: `pulse_link_missing`), an unknown one (`pulse_link_unknown`) or an expired one (`pulse_link_expired`)' })
@Public()
@UseGuards(PulseTokenGuard)
@Controller('pulse')
export class PulseLinkController {
  constructor(private readonly responses: ResponsesService) {}

  @Get()
  @ApiOperation({
    summary: 'The form a respondent link answers: round, organisation, questions, partners and translations',
    description:
      'Only while the link can be answered: a used link, or one into a round that is not open (a draft, or one a lead closed early), is a 409 whose `code` says which. ' +
      'The rating grid is every partner × every question of type partner_rating.',
  })
  @ApiHeader(TOKEN_HEADER)
  @ApiOkResponse({ type: RoundFormDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The link was used already (`code`: `pulse_link_used`), or its round is not open (`round_not_open`)' })
  async form(@CurrentLink() link: FoundLink): Promise<RoundFormDto> {
    return formDto(await this.responses.linkForm(link, new Date()));
  }

  @Post('responses')
  @ApiOperation({ summary: 'Submit the response of a respondent link; the link is used up by it' })
  @ApiHeader(TOKEN_HEADER)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: SubmissionResultDto })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid answers; `errors` names each question key or partner' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The link was used already (`code`: `pulse_link_used`), or the round is not open (`round_not_open`)' })
  async submit(
    @CurrentLink() link: FoundLink,
    @Body() body: SubmitResponseDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SubmissionResultDto> {
    return sendResult(res, await this.responses.submitWithLink(link, body, idempotencyKeyOf(idempotencyKey), new Date()));
  }
}
