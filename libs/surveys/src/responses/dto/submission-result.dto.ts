import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@pp/core';
import { RESPONDENT_ROLES, type RespondentRole } from '../respondent-roles';

export class SubmissionResultDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ enum: RESPONDENT_ROLES, enumName: 'RespondentRole' })
  respondentRole: RespondentRole;

  @ApiProperty({ example: 1, description: '1 for the first submission, then +1 for each replacement' })
  revision: number;

  @ApiProperty({ example: 10 })
  partnersRated: number;

  @ApiProperty({ format: 'date-time' })
  submittedAt: string;
}

export class OwnResponseDto extends SubmissionResultDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  answers: Record<string, string>;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } } })
  partnerRatings: Record<string, Record<string, string>>;
}

export class ImportResultDto {
  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ example: 24 })
  imported: number;
}

export class FreeTextDto {
  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Text by question key' })
  answers: Record<string, string>;
}

export class FreeTextPageDto extends PageOf(FreeTextDto) {}
