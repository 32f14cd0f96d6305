import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ProblemDetails } from '@pp/core';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import { uuidParam } from '../shared/params';
import { AlertRulesService } from './alert-rules.service';
import { AlertRuleDto, AlertRuleListDto, UpdateAlertRuleDto } from './dto/alert-rule.dto';
import { RULE_KINDS, type RuleKind, ruleKindParam } from './rule-kinds';

@ApiTags('alerts')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller('footprints/:footprintId/alert-rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get()
  @Permission('alert_rule.read')
  @ApiOperation({ summary: 'The footprint’s alert rules, one of each kind, with their thresholds, severity and whether they are on' })
  @ApiOkResponse({ type: AlertRuleListDto })
  async list(@Param('footprintId', uuidParam('footprintId')) footprintId: string): Promise<AlertRuleListDto> {
    return { items: (await this.rules.list(footprintId)).map(AlertRuleDto.of) };
  }

  @Patch(':kind')
  @ApiParam({ name: 'kind', enum: RULE_KINDS })
  @Permission('alert_rule.manage')
  @ApiOperation({ summary: 'Switch a rule on or off, or change its severity or threshold; later rounds are judged by the new setting' })
  @ApiOkResponse({ type: AlertRuleDto })
  async update(
    @Param('footprintId', uuidParam('footprintId')) footprintId: string,
    @Param('kind', { transform: ruleKindParam }) kind: RuleKind,
    @Body() body: UpdateAlertRuleDto,
    @CurrentActor() actor: Actor,
  ): Promise<AlertRuleDto> {
    return AlertRuleDto.of(await this.rules.update(footprintId, kind, body, actor.id));
  }
}
