import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import { AlertsService } from './alerts.service';
import { AlertActionDto, AlertDeliveryDto, AlertDetailDto, AlertDto, AlertPageDto, AlertsQuery, InboxItemDto, InboxPageDto, InboxQuery } from './dto/alert.dto';

@ApiTags('alerts')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller()
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get('footprints/:footprintId/alerts')
  @Permission('alert.read')
  @ApiOperation({ summary: 'The footprint’s alerts, newest first, with how many match the filters (`total`)' })
  @ApiOkResponse({ type: AlertPageDto })
  async list(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Query() query: AlertsQuery): Promise<AlertPageDto> {
    const page = await this.alerts.list(footprintId, query);
    return { items: page.items.map(AlertDto.of), nextCursor: page.nextCursor, total: page.total };
  }

  @Get('alerts/:alertId')
  @Permission('alert.read', { alertId: 'alert' })
  @ApiOperation({ summary: 'Read an alert, with where each email and webhook telling of it stands' })
  @ApiOkResponse({ type: AlertDetailDto })
  async get(@Param('alertId', uuidParam('alertId')) alertId: string): Promise<AlertDetailDto> {
    const { alert, notifications } = await this.alerts.getWithDeliveries(alertId);
    return { ...AlertDto.of(alert), notifications: notifications.map(AlertDeliveryDto.of) };
  }

  @Post('alerts/:alertId/acknowledge')
  @HttpCode(200)
  @Permission('alert.manage', { alertId: 'alert' })
  @ApiOperation({ summary: 'Acknowledge an open alert: someone is on it' })
  @ApiOkResponse({ type: AlertDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The alert is already acknowledged or resolved' })
  async acknowledge(@Param('alertId', uuidParam('alertId')) alertId: string, @Body() body: AlertActionDto, @CurrentActor() actor: Actor): Promise<AlertDto> {
    return AlertDto.of(await this.alerts.acknowledge(alertId, actor.id, body.note));
  }

  @Post('alerts/:alertId/resolve')
  @HttpCode(200)
  @Permission('alert.manage', { alertId: 'alert' })
  @ApiOperation({ summary: 'Resolve an open or acknowledged alert' })
  @ApiOkResponse({ type: AlertDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The alert is already resolved' })
  async resolve(@Param('alertId', uuidParam('alertId')) alertId: string, @Body() body: AlertActionDto, @CurrentActor() actor: Actor): Promise<AlertDto> {
    return AlertDto.of(await this.alerts.resolve(alertId, actor.id, body.note));
  }

  @Get('me/alerts')
  @Permission('alert.read_own')
  @ApiOperation({ summary: 'Your in-app alerts: every alert raised in a footprint you lead since you led it, newest first, with how many match the filters (`total`; with `unread=true`, your unread count)' })
  @ApiOkResponse({ type: InboxPageDto })
  async inbox(@Query() query: InboxQuery, @CurrentActor() actor: Actor): Promise<InboxPageDto> {
    const page = await this.alerts.inbox(actor.id, query);
    return { items: page.items.map(InboxItemDto.of), nextCursor: page.nextCursor, total: page.total };
  }

  @Post('me/alerts/:alertId/read')
  @HttpCode(200)
  @Permission('alert.update_own')
  @ApiOperation({ summary: 'Mark one of your in-app alerts read' })
  @ApiOkResponse({ type: InboxItemDto })
  async markRead(@Param('alertId', uuidParam('alertId')) alertId: string, @CurrentActor() actor: Actor): Promise<InboxItemDto> {
    return InboxItemDto.of(await this.alerts.markRead(actor.id, alertId));
  }
}
