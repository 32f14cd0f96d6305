import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { Permission } from '@pp/identity';
import type { FastifyReply } from 'fastify';
import { StoredBoardReports } from './stored-board-reports';

@ApiTags('scores')
@Controller()
export class BoardReportController {
  constructor(private readonly reports: StoredBoardReports) {}

  @Get('rounds/:roundId/report.pdf')
  @Permission('score.read', { roundId: 'round' })
  @ApiOperation({
    summary: 'The round’s quarterly board report (PDF), rendered by the worker once its final scores are gated',
    description: 'Every figure is the API’s, through the same anonymity gate: a withheld one reads “fewer than k respondents”. Rendered again after a re-gate.',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such round, or its report is not rendered yet (`code` board_report_not_rendered)' })
  async download(@Param('roundId', uuidParam('roundId')) roundId: string, @Res() res: FastifyReply): Promise<void> {
    const report = await this.reports.get(roundId);
    await res
      .type('application/pdf')
      .header('Content-Disposition', `attachment; filename="board-report-${report.footprintCode}-${report.period}.pdf"`)
      .header('Last-Modified', report.renderedAt.toUTCString())
      .header('ETag', `"${report.fingerprint}-${report.renderedAt.getTime()}"`)
      .send(report.pdf);
  }
}
