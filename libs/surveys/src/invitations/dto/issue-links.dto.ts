import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoTimestamp, IsOmittable } from '@pp/core';
import { stringify } from 'csv-stringify/sync';
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

  @ApiProperty({
    example: 'https://pulse.example.nhs.uk/pulse#3q2-Yb0…',
    description: 'Shown only now: the link to send, the web app’s page `APP_URL/pulse#<token>`; the token travels in the fragment, so it never reaches a server log',
  })
  url: string;

  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;
}

export class IssuedLinksDto {
  @ApiProperty({ type: [IssuedLinkDto] })
  items: IssuedLinkDto[];
}

export const LINKS_CSV_COLUMNS = ['link_id', 'organisation_id', 'url', 'expires_at'] as const;

/** The links as CSV for a mail merge: one row per link, its url carrying the token. */
export function linksCsv(links: IssuedLinksDto): string {
  return stringify(
    links.items.map((link) => [link.id, link.organisationId, link.url, link.expiresAt]),
    { header: true, columns: [...LINKS_CSV_COLUMNS] },
  );
}
