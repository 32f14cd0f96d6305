import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { Permission } from '@pp/identity';
import { AddMemberDto } from './dto/add-member.dto';
import { EndMembershipDto } from './dto/end-membership.dto';
import { MembersQuery } from './dto/members.query';
import { MembershipDto, MembersPageDto } from './dto/membership.dto';
import { MembershipsService } from './memberships.service';

@ApiTags('memberships')
@ApiBadRequestResponse({ type: ProblemDetails, description: 'Invalid input; `errors` names each field' })
@ApiNotFoundResponse({ type: ProblemDetails, description: 'No such footprint, organisation or membership' })
@Controller('footprints/:footprintId/members')
export class MembershipsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Post()
  @Permission('membership.write')
  @ApiOperation({ summary: 'Add an organisation to a footprint from a date (and optionally to a date)' })
  @ApiCreatedResponse({ type: MembershipDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Overlaps a membership of the same organisation, or something is archived' })
  async add(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Body() body: AddMemberDto): Promise<MembershipDto> {
    return MembershipDto.from(await this.memberships.add(footprintId, body));
  }

  @Get()
  @Permission('membership.read')
  @ApiOperation({
    summary: 'The footprint’s memberships on a date (`at`, default today), or overlapping a range (`from`, `to`), by organisation name',
    description: 'A round’s members are the memberships overlapping its `opensOn` to `closesOn`. `at` with `from` or `to`, or `to` before `from`, is a 400 naming the field',
  })
  @ApiOkResponse({ type: MembersPageDto })
  async list(@Param('footprintId', uuidParam('footprintId')) footprintId: string, @Query() query: MembersQuery): Promise<MembersPageDto> {
    const { dates, page } = await this.memberships.list(footprintId, query);
    return { ...dates, items: page.items.map(MembershipDto.from), nextCursor: page.nextCursor };
  }

  @Post(':membershipId/end')
  @HttpCode(200)
  @Permission('membership.write')
  @ApiOperation({ summary: 'End a membership on a date (its last day)' })
  @ApiOkResponse({ type: MembershipDto })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The membership has already ended' })
  async end(
    @Param('footprintId', uuidParam('footprintId')) footprintId: string,
    @Param('membershipId', uuidParam('membershipId')) membershipId: string,
    @Body() body: EndMembershipDto,
  ): Promise<MembershipDto> {
    return MembershipDto.from(await this.memberships.end(footprintId, membershipId, body));
  }
}
