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
  @ApiProperty({ format: 'uuid', description: 'Answer at POST /api/v1/invitations/{id}/responses' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ type: RoundDto })
  round: RoundDto;

  /** `invitation.round` must be loaded. */
  static from(invitation: Invitation): OrganisationInvitationDto {
    return { id: invitation.id, organisationId: invitation.organisationId, round: RoundDto.from(invitation.round) };
  }
}

export class OrganisationInvitationPageDto extends PageOf(OrganisationInvitationDto) {}
