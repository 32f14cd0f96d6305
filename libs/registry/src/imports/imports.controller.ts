import { Body, Controller, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ProblemDetails, uuidParam } from '@pp/core';
import { Permission } from '@pp/identity';
import { CsvBodyPipe } from './csv-body.pipe';
import { MemberImportReportDto, OrganisationImportReportDto } from './dto/import-report.dto';
import { ImportOrganisationsQuery } from './dto/import-organisations.query';
import { ImportsService } from './imports.service';

const ROW_PROBLEMS = 'Bad rows, each named in `errors` as {row, field, problem}; nothing was imported';

@ApiTags('imports')
@Controller()
@ApiConsumes('text/csv')
@ApiUnsupportedMediaTypeResponse({ type: ProblemDetails, description: 'The body is not sent as text/csv' })
@ApiUnprocessableEntityResponse({ type: ProblemDetails, description: ROW_PROBLEMS })
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('organisations/import')
  @HttpCode(200)
  @Permission('organisation.write')
  @ApiOperation({
    summary: 'Create or update organisations from a CSV file, all or nothing',
    description:
      'Accepts an NHS ODS extract (etr, eccg, epraccur…) with or without its header row — Organisation Code, Name, …, ' +
      'Open Date, Close Date — or our layout: code,name,organisation_type[,code_system,open_date,close_date]. ' +
      'Organisations are matched by code; importing the same file again changes nothing.',
  })
  @ApiBody({ schema: { type: 'string', example: 'code,name,organisation_type\nE06000049,Cheshire East Council,unitary_authority\n' } })
  @ApiOkResponse({ type: OrganisationImportReportDto })
  importOrganisations(@Body(CsvBodyPipe) csv: string, @Query() query: ImportOrganisationsQuery): Promise<OrganisationImportReportDto> {
    return this.imports.importOrganisations(csv, query.type);
  }

  @Post('footprints/:footprintId/members/import')
  @HttpCode(200)
  @Permission('membership.write')
  @ApiOperation({
    summary: 'Create or update a footprint’s member organisations and memberships from a CSV file, all or nothing',
    description:
      'Layout: code,code_system,name,organisation_type,member_from,member_to. A row matches an existing membership ' +
      'with the same member_from (its member_to may change) or adds one; importing the same file again changes nothing.',
  })
  @ApiBody({
    schema: {
      type: 'string',
      example: 'code,code_system,name,organisation_type,member_from,member_to\nQYG,ods,NHS CHESHIRE AND MERSEYSIDE INTEGRATED CARE BOARD,icb,2022-07-01,\n',
    },
  })
  @ApiOkResponse({ type: MemberImportReportDto })
  @ApiNotFoundResponse({ type: ProblemDetails })
  importMembers(
    @Param('footprintId', uuidParam('footprintId')) footprintId: string,
    @Body(CsvBodyPipe) csv: string,
  ): Promise<MemberImportReportDto> {
    return this.imports.importMembers(footprintId, csv);
  }
}
