import { ApiProperty } from '@nestjs/swagger';
import { InstrumentDto } from '../../instruments/dto/instrument.dto';
import { RESPONDENT_ROLES } from '../respondent-roles';
import { RoundDto } from '../../rounds/dto/round.dto';

export class MemberDto {
  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ example: 'E06000049' })
  code: string;

  @ApiProperty({ example: 'Cheshire East Council' })
  name: string;
}

/** Everything a respondent needs to answer a round for one organisation. */
export class RoundFormDto {
  @ApiProperty({ type: RoundDto })
  round: RoundDto;

  @ApiProperty({ type: MemberDto, description: 'The organisation the respondent answers for' })
  organisation: MemberDto;

  @ApiProperty({ type: InstrumentDto })
  instrument: InstrumentDto;

  @ApiProperty({ type: [MemberDto], description: 'Fellow members that partner ratings may be about' })
  partners: MemberDto[];

  @ApiProperty({ enum: RESPONDENT_ROLES, isArray: true })
  respondentRoles: readonly string[];
}
