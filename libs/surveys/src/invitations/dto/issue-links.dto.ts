import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MAX_LINKS_PER_REQUEST } from '../respondent-links.service';

export class IssueLinksDto {
  @ApiProperty({ format: 'uuid', description: 'The member organisation the respondents answer for' })
  @IsUUID()
  organisationId: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LINKS_PER_REQUEST, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_LINKS_PER_REQUEST)
  count?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'No later than the round’s close, which is the default' })
  @IsOptional()
  @IsDateString({ strict: true })
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
