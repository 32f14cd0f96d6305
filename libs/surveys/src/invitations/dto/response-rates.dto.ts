import { ApiProperty } from '@nestjs/swagger';

export class OrganisationResponseRateDto {
  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ example: 'E06000049' })
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 3 })
  respondents: number;

  @ApiProperty({ example: 5 })
  expectedRespondents: number;

  @ApiProperty({ example: 0.6, description: 'respondents / expectedRespondents' })
  rate: number;
}

export class ResponseRatesDto {
  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ example: 42 })
  respondents: number;

  @ApiProperty({ example: 70 })
  expectedRespondents: number;

  @ApiProperty({ example: 0.6, description: 'All respondents over all expected respondents' })
  rate: number;

  @ApiProperty({ example: 14 })
  organisationsInvited: number;

  @ApiProperty({ example: 11 })
  organisationsResponded: number;

  @ApiProperty({ type: [OrganisationResponseRateDto] })
  organisations: OrganisationResponseRateDto[];
}

export class RemindersDto {
  @ApiProperty({ type: [String], description: 'Organisations reminded now: below their expected respondents and not reminded in the last day' })
  organisationIds: string[];
}
