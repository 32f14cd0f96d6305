import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@pp/core';
import { RoundDto } from '../../rounds/dto/round.dto';
import type { Invitation } from '../invitation.entity';

export class InvitationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ example: 'E06000049' })
  code: string;

  @ApiProperty({ example: 'Cheshire East Council' })
  name: string;

  @ApiProperty({ example: 5, description: 'Respondents hoped for; the denominator of the response rate' })
  expectedRespondents: number;

  @ApiProperty({ format: 'date-time' })
  invitedAt: string;

  @ApiProperty({ format: 'date-time', type: String, nullable: true })
  lastRemindedAt: string | null;

  @ApiProperty({ example: 0 })
  reminderCount: number;

  /** `invitation.organisation` must be loaded. */
  static from(invitation: Invitation): InvitationDto {
    return {
      id: invitation.id,
      organisationId: invitation.organisationId,
      code: invitation.organisation.code,
      name: invitation.organisation.name,
      expectedRespondents: invitation.expectedRespondents,
      invitedAt: invitation.invitedAt.toISOString(),
      lastRemindedAt: invitation.lastRemindedAt?.toISOString() ?? null,
      reminderCount: invitation.reminderCount,
    };
  }
}

export class InvitationListDto {
  @ApiProperty({ type: [InvitationDto] })
  items: InvitationDto[];
}

/** An invitation as its organisation's submitters see it: the id to answer, and the round. */
export class OrganisationInvitationDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The form is GET /api/v1/invitations/{id}/form, answers go to POST /api/v1/invitations/{id}/responses; the web app’s page is APP_URL/invitations/{id}',
  })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ example: 'E06000049' })
  organisationCode: string;

  @ApiProperty({ example: 'Cheshire East Council' })
  organisationName: string;

  @ApiProperty({ type: RoundDto, description: 'Its status says whether it can be answered now (open) and closesAt until when' })
  round: RoundDto;

  /** `invitation.round` and `invitation.organisation` must be loaded. */
  static from(invitation: Invitation): OrganisationInvitationDto {
    return {
      id: invitation.id,
      organisationId: invitation.organisationId,
      organisationCode: invitation.organisation.code,
      organisationName: invitation.organisation.name,
      round: RoundDto.from(invitation.round),
    };
  }
}

export class OrganisationInvitationPageDto extends PageOf(OrganisationInvitationDto) {}
