import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { type Actor, CurrentActor, Permission, scopeOf } from '@pp/identity';
import { CreateFootprintDto } from './dto/create-footprint.dto';
import { FootprintDto, FootprintPageDto } from './dto/footprint.dto';
import { ListFootprintsQuery } from './dto/list-footprints.query';
import { UpdateFootprintDto } from './dto/update-footprint.dto';
import { FootprintsService } from './footprints.service';

@ApiTags('footprints')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller('footprints')
export class FootprintsController {
  constructor(private readonly footprints: FootprintsService) {}

  @Post()
  @Permission('footprint.create')
  @ApiOperation({ summary: 'Create a footprint (STP/ICS, HSCP or RPB)' })
  @ApiCreatedResponse({ type: FootprintDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'A footprint with this code exists' })
  async create(@Body() body: CreateFootprintDto): Promise<FootprintDto> {
    return FootprintDto.from(await this.footprints.create(body));
  }

  @Get()
  @Permission('footprint.read')
  @ApiOperation({ summary: 'List footprints by name, a page at a time; archived ones only with includeArchived=true' })
  @ApiOkResponse({ type: FootprintPageDto })
  async list(@Query() query: ListFootprintsQuery, @CurrentActor() actor: Actor): Promise<FootprintPageDto> {
    const page = await this.footprints.list(query, scopeOf(actor, 'footprint.read'));
    return { items: page.items.map(FootprintDto.from), nextCursor: page.nextCursor };
  }

  @Get(':footprintId')
  @Permission('footprint.read')
  @ApiOperation({ summary: 'Read a footprint (archived ones too)' })
  @ApiOkResponse({ type: FootprintDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async get(@Param('footprintId', uuidParam('footprintId')) footprintId: string): Promise<FootprintDto> {
    return FootprintDto.from(await this.footprints.get(footprintId));
  }

  @Patch(':footprintId')
  @Permission('footprint.update')
  @ApiOperation({ summary: 'Change a footprint’s fields' })
  @ApiOkResponse({ type: FootprintDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The new code is taken, or the footprint is archived' })
  async update(
    @Param('footprintId', uuidParam('footprintId')) footprintId: string,
    @Body() body: UpdateFootprintDto,
  ): Promise<FootprintDto> {
    return FootprintDto.from(await this.footprints.update(footprintId, body));
  }

  @Post(':footprintId/archive')
  @HttpCode(200)
  @Permission('footprint.archive')
  @ApiOperation({ summary: 'Archive a footprint: hidden from lists, history kept; archiving twice changes nothing' })
  @ApiOkResponse({ type: FootprintDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async archive(@Param('footprintId', uuidParam('footprintId')) footprintId: string): Promise<FootprintDto> {
    return FootprintDto.from(await this.footprints.archive(footprintId));
  }
}
