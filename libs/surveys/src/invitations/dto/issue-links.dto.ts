import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoTimestamp, IsOmittable } from '@pp/core';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { MAX_LINKS_PER_REQUEST } from '../respondent-links.service';

export class IssueLinksDto {
  @ApiProperty({ format: 'uuid', description: 'The member organisation the respondents answer for' })
  @IsUUID()
  organisationId: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LINKS_PER_REQUEST, default: 1 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_LINKS_PER_REQUEST)
  count?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'No later than the round’s close, which is the default' })
  @IsOmittable()
  @IsIsoTimestamp()
  expiresAt?: string;
}

export class IssuedLinkDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Shown only now: send it to one respondent, who presents it as X-Pulse-Token' })
  token: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class IssuedLinksDto {
  @ApiProperty({ type: [IssuedLinkDto] })
  items: IssuedLinkDto[];
}
