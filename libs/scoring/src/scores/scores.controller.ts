import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { Permission } from '@pp/identity';
import { DistributionsPageDto, ScoredRoundDto, ScoreHistoryDto, ScoresPageDto } from '../dto/score.dto';
import { DistributionsQuery, FootprintScoresQuery, ScoreHistoryQuery, ScoresQuery } from '../dto/scores.query';
import { type ScoredRound, ScoreReads } from './score-reads.service';

function roundDto(round: ScoredRound): ScoredRoundDto {
  return { ...round, computedAt: round.computedAt.toISOString() };
}

const GATED = 'Every aggregate passes the anonymity gate: with fewer respondents than the footprint’s threshold its values are null, `suppressed` is true and `reason` says why.';

@ApiTags('scores')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid filters; `errors` names each field' })
@Controller()
export class ScoresController {
  constructor(private readonly reads: ScoreReads) {}

  @Get('footprints/:footprintId/scores')
  @Permission('score.read')
  @ApiOperation({ summary: 'A footprint’s scores in its latest scored round (or the scored round of `period`), every scope', description: GATED })
  @ApiOkResponse({ type: ScoresPageDto })
  async latest(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Query() query: FootprintScoresQuery): Promise<ScoresPageDto> {
    const page = await this.reads.latest(footprintId, query);
    return { ...page, round: page.round && roundDto(page.round) };
  }

  @Get('footprints/:footprintId/scores/history')
  @Permission('score.read')
  @ApiOperation({ summary: 'Scores over the footprint’s latest scored rounds, with deltas, p-values, slopes and trend labels', description: GATED })
  @ApiOkResponse({ type: ScoreHistoryDto })
  async history(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Query() query: ScoreHistoryQuery): Promise<ScoreHistoryDto> {
    const history = await this.reads.history(footprintId, query);
    return { ...history, rounds: history.rounds.map(roundDto) };
  }

  @Get('rounds/:roundId/scores')
  @Permission('score.read', { roundId: 'round' })
  @ApiOperation({ summary: 'One round’s scores as they stand: provisional while the round is open, final once scored', description: GATED })
  @ApiOkResponse({ type: ScoresPageDto })
  async forRound(@Param('roundId', uuidParam('roundId')) roundId: string, @Query() query: ScoresQuery): Promise<ScoresPageDto> {
    const page = await this.reads.forRound(roundId, query);
    return { ...page, round: page.round && roundDto(page.round) };
  }

  @Get('rounds/:roundId/distributions')
  @Permission('score.read', { roundId: 'round' })
  @ApiOperation({ summary: 'Per question: count and share per option and favourable / neutral / unfavourable shares, overall and by sector, organisation type and respondent role', description: GATED })
  @ApiOkResponse({ type: DistributionsPageDto })
  distributions(@Param('roundId', uuidParam('roundId')) roundId: string, @Query() query: DistributionsQuery): Promise<DistributionsPageDto> {
    return this.reads.distributions(roundId, query);
  }
}
