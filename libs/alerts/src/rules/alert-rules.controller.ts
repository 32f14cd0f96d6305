import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import { AlertRulesService } from './alert-rules.service';
import { AlertRuleDto, AlertRuleListDto, UpdateAlertRuleDto } from './dto/alert-rule.dto';

@ApiTags('alerts')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller()
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Get('footprints/:footprintId/alert-rules')
  @Permission('alert_rule.read')
  @ApiOperation({ summary: 'The footprint’s alert rules, one of each kind, with their thresholds, severity and whether they are on' })
  @ApiOkResponse({ type: AlertRuleListDto })
  async list(@Param('footprintId', uuidParam('footprintId')) footprintId: string): Promise<AlertRuleListDto> {
    return { items: (await this.rules.list(footprintId)).map(AlertRuleDto.of) };
  }

  @Patch('alert-rules/:ruleId')
  @Permission('alert_rule.manage', { ruleId: 'alert_rule' })
  @ApiOperation({ summary: 'Switch a rule on or off, or change its severity or threshold; later rounds are judged by the new setting' })
  @ApiOkResponse({ type: AlertRuleDto })
  async update(@Param('ruleId', uuidParam('ruleId')) ruleId: string, @Body() body: UpdateAlertRuleDto, @CurrentActor() actor: Actor): Promise<AlertRuleDto> {
    return AlertRuleDto.of(await this.rules.update(ruleId, body, actor.id));
  }
}
