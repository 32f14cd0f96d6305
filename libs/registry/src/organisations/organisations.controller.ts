import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { type Actor, CurrentActor, Permission, scopeOf } from '@pp/identity';
import { CreateOrganisationDto } from './dto/create-organisation.dto';
import { ListOrganisationsQuery } from './dto/list-organisations.query';
import { OrganisationDto, OrganisationPageDto } from './dto/organisation.dto';
import { UpdateOrganisationDto } from './dto/update-organisation.dto';
import { OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Permission('organisation.write')
  @ApiOperation({ summary: 'Create an organisation; its code must have the format its type uses (ODS or ONS)' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'An organisation with this code exists' })
  async create(@Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.organisations.create(body));
  }

  @Get()
  @Permission('organisation.read')
  @ApiOperation({ summary: 'List organisations by name, a page at a time; archived ones only with includeArchived=true' })
  @ApiOkResponse({ type: OrganisationPageDto })
  async list(@Query() query: ListOrganisationsQuery, @CurrentActor() actor: Actor): Promise<OrganisationPageDto> {
    const page = await this.organisations.list(query, scopeOf(actor, 'organisation.read'));
    return { items: page.items.map(OrganisationDto.from), nextCursor: page.nextCursor };
  }

  @Get(':organisationId')
  @Permission('organisation.read')
  @ApiOperation({ summary: 'Read an organisation (archived ones too)' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async get(@Param('organisationId', uuidParam('organisationId')) organisationId: string): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.organisations.get(organisationId));
  }

  @Patch(':organisationId')
  @Permission('organisation.write')
  @ApiOperation({ summary: 'Change an organisation’s fields' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The new code is taken, or the organisation is archived' })
  async update(
    @Param('organisationId', uuidParam('organisationId')) organisationId: string,
    @Body() body: UpdateOrganisationDto,
  ): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.organisations.update(organisationId, body));
  }

  @Post(':organisationId/archive')
  @HttpCode(200)
  @Permission('organisation.write')
  @ApiOperation({ summary: 'Archive an organisation: hidden from lists, history kept; archiving twice changes nothing' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async archive(@Param('organisationId', uuidParam('organisationId')) organisationId: string): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.organisations.archive(organisationId));
  }
}
