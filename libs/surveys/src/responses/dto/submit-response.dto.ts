import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FreeFormValues, IsOmittable } from '@pp/core';
import { IsIn, IsObject } from 'class-validator';
import { RESPONDENT_ROLES, type RespondentRole } from '../respondent-roles';

/**
 * The envelope only: the answers themselves are checked against the round's compiled instrument
 * by a pure validator, which names each question key and partner in its problems; so the body is
 * not deep-copied into this class before its envelope is checked.
 */
@FreeFormValues()
export class SubmitResponseDto {
  @ApiProperty({ enum: RESPONDENT_ROLES, enumName: 'RespondentRole' })
  @IsIn(RESPONDENT_ROLES)
  respondentRole: RespondentRole;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { trust_commitments: 'agree', involvement_decisions: 'limited', main_barrier: 'culture', comments: 'Better than last quarter' },
    description: "Option value by question key; 'dont_know' where a question allows it; free text as text",
  })
  @IsObject()
  answers: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
    example: { '6f1c…': { partner_overall: 'good', partner_closer_links: 'yes' } },
    description: 'Per fellow member organisation id, its partner-rating answers by question key',
  })
  @IsOmittable()
  @IsObject()
  partnerRatings?: Record<string, Record<string, unknown>>;
}
