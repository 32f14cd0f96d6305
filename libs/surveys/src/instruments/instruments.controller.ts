import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQuery, ProblemDetails, uuidParam } from '@pp/core';
import { Permission } from '@pp/identity';
import type { FastifyReply } from 'fastify';
import { CreateInstrumentDto, InstrumentContentDto } from './dto/instrument-content.dto';
import { InstrumentDto, InstrumentPageDto, InstrumentSummaryDto } from './dto/instrument.dto';
import { InstrumentsService } from './instruments.service';

@ApiTags('instruments')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller('instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Post()
  @Permission('instrument.manage')
  @ApiOperation({ summary: 'Create an instrument, or the next version of the instrument with this key' })
  @ApiCreatedResponse({ type: InstrumentDto })
  async create(@Body() body: CreateInstrumentDto): Promise<InstrumentDto> {
    return InstrumentDto.from(await this.instruments.create(body));
  }

  @Get()
  @Permission('instrument.read')
  @ApiOperation({ summary: 'List instrument versions, oldest first' })
  @ApiOkResponse({ type: InstrumentPageDto })
  async list(@Query() query: PageQuery): Promise<InstrumentPageDto> {
    const page = await this.instruments.list(query);
    return { items: page.items.map(InstrumentSummaryDto.from), nextCursor: page.nextCursor };
  }

  @Get(':instrumentId')
  @Permission('instrument.read')
  @ApiOperation({ summary: 'Read an instrument version with its dimensions and questions' })
  @ApiOkResponse({ type: InstrumentDto })
  async get(@Param('instrumentId', uuidParam('instrumentId')) instrumentId: string): Promise<InstrumentDto> {
    return InstrumentDto.from(await this.instruments.get(instrumentId));
  }

  @Put(':instrumentId')
  @Permission('instrument.manage')
  @ApiOperation({
    summary: 'Change an instrument: edited in place while no round uses it (200); otherwise the change becomes a new version (201)',
  })
  @ApiOkResponse({ type: InstrumentDto, description: 'Edited in place' })
  @ApiCreatedResponse({ type: InstrumentDto, description: 'A new version; the one in use is unchanged' })
  async revise(
    @Param('instrumentId', uuidParam('instrumentId')) instrumentId: string,
    @Body() body: InstrumentContentDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<InstrumentDto> {
    const { instrument, newVersion } = await this.instruments.revise(instrumentId, body);
    res.status(newVersion ? 201 : 200);
    return InstrumentDto.from(instrument);
  }

  @Post(':instrumentId/default')
  @HttpCode(200)
  @Permission('instrument.manage')
  @ApiOperation({ summary: 'Make this version the default for new rounds' })
  @ApiOkResponse({ type: InstrumentDto })
  async makeDefault(@Param('instrumentId', uuidParam('instrumentId')) instrumentId: string): Promise<InstrumentDto> {
    return InstrumentDto.from(await this.instruments.makeDefault(instrumentId));
  }
}
