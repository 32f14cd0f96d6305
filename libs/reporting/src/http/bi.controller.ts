import { Controller, Get, Param, Query, Req, Res, UseGuards } from '@nestjs/common';
import { uuidParam } from '@pp/core';
import { ApiHeader, ApiNotModifiedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BiQuery } from '../dto/bi-query';
import { ActionsQuery, AlertsQuery, InstrumentsQuery, MembersQuery, ResponseRatesQuery, RoundsQuery } from '../dto/list-queries';
import { DistributionsQuery, DriversQuery, ScoresQuery, TrendsQuery } from '../dto/score-queries';
import { MEDIA_TYPES } from '../export/formats';
import { ACTIONS_MODEL } from '../read-models/action.read-model';
import { ALERTS } from '../read-models/alert.read-model';
import { DISTRIBUTIONS } from '../read-models/distribution.read-model';
import { DRIVERS } from '../read-models/driver.read-model';
import { FOOTPRINTS, MEMBERS } from '../read-models/registry.read-models';
import { SCORES, TRENDS_MODEL } from '../read-models/score.read-models';
import { INSTRUMENTS, RESPONSE_RATES, ROUNDS } from '../read-models/survey.read-models';
import { ApiKeyRateLimitGuard } from './api-key-rate-limit.guard';
import { BiList } from './bi-list.decorator';
import { BiResponder, matches } from './bi-responder';
import { FootprintSummaryDto } from '../summary/footprint-summary.dto';
import { FootprintSummaryService } from '../summary/footprint-summary.service';

/**
 * Stable read models for BI tools: one row shape per endpoint, the same columns in JSON pages and
 * in CSV / NDJSON exports of the whole result. Documented for consumers in docs/bi.md.
 */
@ApiTags('bi')
@ApiProduces(MEDIA_TYPES.json, MEDIA_TYPES.csv, MEDIA_TYPES.ndjson)
@UseGuards(ApiKeyRateLimitGuard)
@Controller('bi')
export class BiController {
  constructor(
    private readonly bi: BiResponder,
    private readonly summaries: FootprintSummaryService,
  ) {}

  @Get('footprints/:footprintId/summary')
  @Permission('score.read')
  @ApiOperation({ summary: 'A footprint at a glance: latest final RHI and dimensions (through the anonymity gate), response rate, open alerts' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'An ETag from an earlier answer: 304 while unchanged' })
  @ApiOkResponse({ type: FootprintSummaryDto, headers: { ETag: { description: 'Weak validator of the answer', schema: { type: 'string' } } } })
  @ApiNotModifiedResponse({ description: 'Unchanged since the ETag in If-None-Match' })
  async summary(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const { json, etag } = await this.summaries.summary(footprintId);
    res.header('ETag', etag);
    if (matches(req.headers['if-none-match'], etag)) await res.code(304).send();
    else await res.code(200).type(MEDIA_TYPES.json).send(json);
  }

  @Get('footprints')
  @Permission('footprint.read')
  @BiList(FOOTPRINTS, 'Footprints', 'One row per footprint you may read, archived ones included.')
  footprints(@Query() query: BiQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(FOOTPRINTS, query, actor, 'footprint.read', req, res);
  }

  @Get('members')
  @Permission('membership.read')
  @BiList(MEMBERS, 'Members of footprints', 'One row per membership (organisation × footprint × period of membership); `from`/`to` keep memberships overlapping those quarters.')
  members(@Query() query: MembersQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(MEMBERS, query, actor, 'membership.read', req, res);
  }

  @Get('rounds')
  @Permission('round.read')
  @BiList(ROUNDS, 'Rounds with response rates', 'One row per round, with its invitations, respondents and response rate.')
  rounds(@Query() query: RoundsQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(ROUNDS, query, actor, 'round.read', req, res);
  }

  @Get('response-rates')
  @Permission('response_rate.read')
  @BiList(RESPONSE_RATES, 'Response rates per organisation', 'One row per round × invited organisation: respondents against those expected. Counts of participation, not of answers.')
  responseRates(@Query() query: ResponseRatesQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(RESPONSE_RATES, query, actor, 'response_rate.read', req, res);
  }

  @Get('instruments')
  @Permission('instrument.read')
  @BiList(INSTRUMENTS, 'Instrument catalogue', 'One row per instrument version × question × option (one row with empty option columns for free text).')
  instruments(@Query() query: InstrumentsQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(INSTRUMENTS, query, actor, 'instrument.read', req, res);
  }

  @Get('scores')
  @Permission('score.read')
  @BiList(
    SCORES,
    'Scores of every scope, long format',
    'One row per round × scope × subject × measure. Every row passes the anonymity gate: a cell of fewer than k respondents, and any cell that would let it be recovered by subtraction, is `suppressed` with empty statistics.',
  )
  scores(@Query() query: ScoresQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(SCORES, query, actor, 'score.read', req, res);
  }

  @Get('trends')
  @Permission('score.read')
  @BiList(
    TRENDS_MODEL,
    'Trends: each score against earlier rounds',
    'One row per scope × subject × measure × round, in series order by default: the mean, its change since the previous scored round with Welch p, and the slope over the last four. A change or slope that would reveal a withheld value of an earlier round is empty.',
  )
  trends(@Query() query: TrendsQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(TRENDS_MODEL, query, actor, 'score.read', req, res);
  }

  @Get('distributions')
  @Permission('score.read')
  @BiList(
    DISTRIBUTIONS,
    'Question distributions',
    "One row per round × question × breakdown group × option ('don't know' included). Groups withheld by the anonymity gate have every count empty.",
  )
  distributions(@Query() query: DistributionsQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(DISTRIBUTIONS, query, actor, 'score.read', req, res);
  }

  @Get('drivers')
  @Permission('score.read')
  @BiList(
    DRIVERS,
    'Key drivers of scored rounds',
    'One row per scored round × dimension or item: its correlation with the overall relationship item (95% CI) and its relative weight, share of R² and class. The correlation and the weight pass the anonymity gate apart: each is empty, with its `_suppressed` column true, when it rests on fewer than k respondents or on withheld answers.',
  )
  drivers(@Query() query: DriversQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(DRIVERS, query, actor, 'score.read', req, res);
  }

  @Get('alerts')
  @Permission('alert.read')
  @BiList(ALERTS, 'Alerts', 'One row per alert (rule × subject × round) with its status history. An alert about a score the anonymity gate withholds keeps only its kind, severity and dates.')
  alerts(@Query() query: AlertsQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(ALERTS, query, actor, 'alert.read', req, res);
  }

  @Get('actions')
  @Permission('action.read')
  @BiList(
    ACTIONS_MODEL,
    'Action plans',
    'One row per action: its link, owner, status and due date, and its figure in the baseline round (latest scored when it was recorded) and in the latest round scored since, with the change and its significance. Figures pass the anonymity gate: a withheld one is empty with its `_suppressed` column true, and then so is the change.',
  )
  actions(@Query() query: ActionsQuery, @CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.bi.respond(ACTIONS_MODEL, query, actor, 'action.read', req, res);
  }
}
