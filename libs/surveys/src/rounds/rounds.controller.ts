import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { Permission } from '@pp/identity';
import { CreateRoundDto } from './dto/create-round.dto';
import { ListRoundsQuery } from './dto/list-rounds.query';
import { RoundDto, RoundPageDto } from './dto/round.dto';
import { PutRoundScheduleDto, RoundScheduleDto } from './dto/round-schedule.dto';
import { RoundSchedulesService } from './round-schedules.service';
import { RoundsService } from './rounds.service';

@ApiTags('rounds')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller()
export class RoundsController {
  constructor(
    private readonly rounds: RoundsService,
    private readonly schedules: RoundSchedulesService,
  ) {}

  @Post('footprints/:footprintId/rounds')
  @Permission('round.manage')
  @ApiOperation({ summary: 'Create a draft round for a quarter' })
  @ApiCreatedResponse({ type: RoundDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The footprint already has a round for this period' })
  async create(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Body() body: CreateRoundDto): Promise<RoundDto> {
    const round = await this.rounds.create(footprintId, { period: body.period, opensAt: new Date(body.opensAt), closesAt: new Date(body.closesAt), instrumentId: body.instrumentId });
    return RoundDto.from(round);
  }

  @Get('footprints/:footprintId/rounds')
  @Permission('round.read')
  @ApiOperation({ summary: 'List a footprint’s rounds, newest period first' })
  @ApiOkResponse({ type: RoundPageDto })
  async list(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Query() query: ListRoundsQuery): Promise<RoundPageDto> {
    const page = await this.rounds.list(footprintId, query, query.status);
    return { items: page.items.map(RoundDto.from), nextCursor: page.nextCursor };
  }

  @Get('rounds/:roundId')
  @Permission('round.read', { roundId: 'round' })
  @ApiOperation({ summary: 'Read a round' })
  @ApiOkResponse({ type: RoundDto })
  async get(@Param('roundId', uuidParam('roundId')) roundId: string): Promise<RoundDto> {
    return RoundDto.from(await this.rounds.get(roundId));
  }

  @Post('rounds/:roundId/open')
  @HttpCode(200)
  @Permission('round.manage', { roundId: 'round' })
  @ApiOperation({ summary: 'Open a draft round: every member organisation at the round’s dates is invited' })
  @ApiOkResponse({ type: RoundDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The round is not a draft (the detail names its status), its close has passed, or the footprint has no members' })
  async open(@Param('roundId', uuidParam('roundId')) roundId: string): Promise<RoundDto> {
    return RoundDto.from(await this.rounds.open(roundId, new Date()));
  }

  @Post('rounds/:roundId/close')
  @HttpCode(200)
  @Permission('round.manage', { roundId: 'round' })
  @ApiOperation({ summary: 'Close an open round now: submissions stop and the round is queued for scoring' })
  @ApiOkResponse({ type: RoundDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The round is not open; the detail names its status' })
  async close(@Param('roundId', uuidParam('roundId')) roundId: string): Promise<RoundDto> {
    return RoundDto.from(await this.rounds.close(roundId, new Date()));
  }

  @Get('footprints/:footprintId/round-schedule')
  @Permission('round.read')
  @ApiOperation({ summary: 'Read the footprint’s quarterly schedule' })
  @ApiOkResponse({ type: RoundScheduleDto })
  async getSchedule(@Param('footprintId', uuidParam('footprintId')) footprintId: string): Promise<RoundScheduleDto> {
    return RoundScheduleDto.from(await this.schedules.get(footprintId));
  }

  @Put('footprints/:footprintId/round-schedule')
  @Permission('round.manage')
  @ApiOperation({ summary: 'Set the footprint’s quarterly schedule: each quarter a round is created, opened and closed automatically' })
  @ApiOkResponse({ type: RoundScheduleDto })
  async putSchedule(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Body() body: PutRoundScheduleDto): Promise<RoundScheduleDto> {
    return RoundScheduleDto.from(await this.schedules.put(footprintId, body));
  }

  @Delete('footprints/:footprintId/round-schedule')
  @HttpCode(204)
  @Permission('round.manage')
  @ApiOperation({ summary: 'Stop the quarterly schedule; existing rounds are kept' })
  @ApiNoContentResponse()
  async deleteSchedule(@Param('footprintId', uuidParam('footprintId')) footprintId: string): Promise<void> {
    await this.schedules.remove(footprintId);
  }
}
