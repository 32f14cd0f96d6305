import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQuery, ProblemDetails, uuidParam } from '@pp/core';
import { type Actor, CurrentActor, Permission } from '@pp/identity';
import { ActionsService } from './actions.service';
import {
  ActionDetailDto,
  ActionDto,
  ActionOutcomeDto,
  ActionPageDto,
  ActionsQuery,
  ActionUpdateDto,
  AddActionUpdateDto,
  CreateActionDto,
  UpdateActionDto,
} from './dto/action.dto';

@ApiTags('actions')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller()
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get('footprints/:footprintId/actions')
  @Permission('action.read')
  @ApiOperation({ summary: 'The footprint’s action plans, newest first' })
  @ApiOkResponse({ type: ActionPageDto })
  async list(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Query() query: ActionsQuery): Promise<ActionPageDto> {
    const page = await this.actions.list(footprintId, query);
    return { items: page.items.map((a) => ActionDto.of(a)), nextCursor: page.nextCursor };
  }

  @Post('footprints/:footprintId/actions')
  @Permission('action.manage')
  @ApiOperation({ summary: 'Record an action against an alert, a dyad, a sector pair or a dimension; the round latest scored is its baseline' })
  @ApiCreatedResponse({ type: ActionDto })
  async create(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Body() body: CreateActionDto, @CurrentActor() actor: Actor): Promise<ActionDto> {
    return ActionDto.of(await this.actions.create(footprintId, body, actor.id));
  }

  @Get('actions/:actionId')
  @Permission('action.read', { actionId: 'action' })
  @ApiOperation({ summary: 'Read an action with its updates and, for each round scored since its baseline, the linked figure before and after ("did it work?")' })
  @ApiOkResponse({ type: ActionDetailDto })
  async get(@Param('actionId', uuidParam('actionId')) actionId: string): Promise<ActionDetailDto> {
    const detail = await this.actions.detail(actionId);
    return {
      ...ActionDto.of(detail.action),
      updates: detail.updates.map(ActionUpdateDto.of),
      figure: detail.figure,
      outcomes: detail.outcomes.map(ActionOutcomeDto.of),
    };
  }

  @Patch('actions/:actionId')
  @Permission('action.manage', { actionId: 'action' })
  @ApiOperation({ summary: 'Change an action’s owner, description, due date or status (a status change is kept as a dated update, with `note`)' })
  @ApiOkResponse({ type: ActionDto })
  async update(@Param('actionId', uuidParam('actionId')) actionId: string, @Body() body: UpdateActionDto, @CurrentActor() actor: Actor): Promise<ActionDto> {
    return ActionDto.of(await this.actions.update(actionId, body, actor.id));
  }

  @Post('actions/:actionId/updates')
  @Permission('action.manage', { actionId: 'action' })
  @ApiOperation({ summary: 'Add a dated update to an action, optionally moving its status' })
  @ApiCreatedResponse({ type: ActionUpdateDto })
  async addUpdate(@Param('actionId', uuidParam('actionId')) actionId: string, @Body() body: AddActionUpdateDto, @CurrentActor() actor: Actor): Promise<ActionUpdateDto> {
    return ActionUpdateDto.of(await this.actions.addUpdate(actionId, body, actor.id));
  }

  @Get('me/actions/overdue')
  @Permission('action.read_own')
  @ApiOperation({ summary: 'Your overdue actions: open actions past their due date in footprints you lead, and those you recorded (the in-app side of the overdue reminder)' })
  @ApiOkResponse({ type: ActionPageDto })
  async overdue(@Query() query: PageQuery, @CurrentActor() actor: Actor): Promise<ActionPageDto> {
    const page = await this.actions.overdueFor(actor.id, query);
    return { items: page.items.map((a) => ActionDto.of(a)), nextCursor: page.nextCursor };
  }
}
