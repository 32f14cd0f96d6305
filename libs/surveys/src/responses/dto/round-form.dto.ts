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
  @ApiProperty({ type: RoundDto, description: 'period (e.g. 2026-Q3), closesAt (answers are taken until then) and status' })
  round: RoundDto;

  @ApiProperty({ type: MemberDto, description: 'The organisation the respondent answers for' })
  organisation: MemberDto;

  @ApiProperty({
    type: InstrumentDto,
    description: 'Questions in order, each with type, options (least favourable first), allowDontKnow and required; the partner items are those of type partner_rating; translations by language',
  })
  instrument: InstrumentDto;

  @ApiProperty({ type: [MemberDto], description: 'Every fellow member at the round’s dates: the rows of the partner rating grid' })
  partners: MemberDto[];

  @ApiProperty({ enum: RESPONDENT_ROLES, isArray: true })
  respondentRoles: readonly string[];
}
