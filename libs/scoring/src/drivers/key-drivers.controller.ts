import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { uuidParam } from '@pp/core';
import { Permission } from '@pp/identity';
import { RoundDriversDto } from './key-driver.dto';
import { KeyDriverReads } from './key-driver-reads.service';

@ApiTags('scores')
@Controller()
export class KeyDriversController {
  constructor(private readonly reads: KeyDriverReads) {}

  @Get('rounds/:roundId/drivers')
  @Permission('score.read', { roundId: 'round' })
  @ApiOperation({
    summary: 'Key drivers of a scored round: how each dimension and item goes with the overall NHS–local government relationship',
    description:
      'Per dimension and item: Pearson’s r with the overall relationship item and its 95% CI (Fisher’s z), and its relative weight (Johnson 2000), whose share of the explained variance classes each dimension priority, strength or neither (docs/scoring.md, Key drivers). Every figure passes the anonymity gate: with fewer respondents than the footprint’s threshold it is null, `suppressed` is true and `reason` says why. Empty until the round is scored in full.',
  })
  @ApiOkResponse({ type: RoundDriversDto })
  async forRound(@Param('roundId', uuidParam('roundId')) roundId: string): Promise<RoundDriversDto> {
    const drivers = await this.reads.forRound(roundId);
    return { ...drivers, computedAt: drivers.computedAt?.toISOString() ?? null };
  }
}
