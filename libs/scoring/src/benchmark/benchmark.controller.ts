import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { Permission } from '@pp/identity';
import { BENCHMARK_REASON_TEXT, MIN_BENCHMARK_CONTRIBUTORS } from '../benchmark';
import { BenchmarkFigureDto, BenchmarkQuery, BenchmarkTableDto, FootprintBenchmarkDto, SharingFootprintDto, wholeReason } from './benchmark.dto';
import { BenchmarkReads } from './benchmark-reads.service';

const METHOD = 'Contributors are the footprints sharing now whose round of the period is scored in full, each figure as its own footprint’s anonymity gate shows it (a withheld figure is neither shown nor contributed). See docs/scoring.md, National benchmark.';

@ApiTags('benchmark')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'A malformed period; `errors` names the field' })
@Controller()
export class BenchmarkController {
  constructor(private readonly reads: BenchmarkReads) {}

  @Get('footprints/:footprintId/benchmark')
  @Permission('score.read')
  @ApiOperation({
    summary: 'Where the footprint’s RHI and dimensions stand among the footprints sharing theirs for the period: percentile, quartile, contributors and cut points',
    description: `${METHOD} Shown only to a sharing footprint and only with at least ${MIN_BENCHMARK_CONTRIBUTORS} contributors; otherwise \`withheld\` is true and \`reason\` says why. Other footprints are never named.`,
  })
  @ApiOkResponse({ type: FootprintBenchmarkDto })
  async forFootprint(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Query() query: BenchmarkQuery): Promise<FootprintBenchmarkDto> {
    const benchmark = await this.reads.forFootprint(footprintId, query.period);
    const reasonCode = wholeReason(benchmark);
    return {
      ...benchmark,
      reasonCode,
      reason: reasonCode && BENCHMARK_REASON_TEXT[reasonCode],
      minimumContributors: MIN_BENCHMARK_CONTRIBUTORS,
      figures: benchmark.figures.map(BenchmarkFigureDto.from),
    };
  }

  @Get('benchmark')
  @Permission('benchmark.read_all')
  @ApiOperation({ summary: 'The national benchmark’s full table: every sharing footprint, named, with its figures and standing for the period', description: METHOD })
  @ApiOkResponse({ type: BenchmarkTableDto })
  async table(@Query() query: BenchmarkQuery): Promise<BenchmarkTableDto> {
    const table = await this.reads.table(query.period);
    return { period: table.period, minimumContributors: MIN_BENCHMARK_CONTRIBUTORS, footprints: table.footprints.map(SharingFootprintDto.from) };
  }
}
