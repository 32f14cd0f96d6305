import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoTimestamp, IsOmittable } from '@pp/core';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsUUID } from 'class-validator';
import { MAX_LINK_EMAILS_PER_REQUEST } from '../link-emails.service';

export class EmailLinksDto {
  @ApiProperty({ format: 'uuid', description: 'The member organisation the respondents answer for' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({
    type: [String],
    example: ['a.khan@halton.gov.uk', 'j.smith@halton.gov.uk'],
    description: 'One link is issued and emailed to each address (repeats count once). The addresses are used to send and never stored',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LINK_EMAILS_PER_REQUEST)
  @IsEmail({}, { each: true, message: 'emails must each be an email address' })
  emails: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'No later than the round’s close, which is the default' })
  @IsOmittable()
  @IsIsoTimestamp()
  expiresAt?: string;
}

export class EmailedLinksDto {
  @ApiProperty({ example: 12, description: 'Links issued and handed to the mail relay, one per address' })
  emailed: number;

  @ApiProperty({ type: [String], description: 'Addresses the mail relay refused or could not be reached for; their links were withdrawn, so send them again' })
  notEmailed: string[];
}
