import { ApiProperty } from '@nestjs/swagger';

export class ImportCountsDto {
  @ApiProperty({ example: 27 })
  created: number;

  @ApiProperty({ example: 0 })
  updated: number;

  @ApiProperty({ example: 0 })
  unchanged: number;
}

export class OrganisationImportReportDto {
  @ApiProperty({ example: 27, description: 'Data rows read (after any header)' })
  rows: number;

  @ApiProperty({ type: ImportCountsDto })
  organisations: ImportCountsDto;
}

export class MemberImportReportDto extends OrganisationImportReportDto {
  @ApiProperty({ type: ImportCountsDto })
  memberships: ImportCountsDto;
}
