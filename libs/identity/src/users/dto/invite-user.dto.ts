import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { NormaliseEmail } from './email';
import { GrantInput } from './grant.dto';
import { UserDto } from './user.dto';

export class InviteUserDto {
  @ApiProperty({ example: 'analyst@cheshire.example' })
  @NormaliseEmail()
  @MaxLength(254)
  @IsEmail()
  email: string;

  @ApiProperty({ example: 'Alex Analyst' })
  @IsString()
  @Length(1, 200)
  displayName: string;

  @ApiProperty({ type: [GrantInput] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => GrantInput)
  grants: GrantInput[];
}

export class UserInvitationDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({ description: 'Single-use; give it to the invitee, who accepts at POST /api/v1/auth/invitations/accept. Shown once.' })
  invitationToken: string;

  @ApiProperty({ description: 'The same token as the web app’s page APP_URL/account/accept-invitation#<token>, the link the email carries. Shown once.' })
  invitationUrl: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ description: 'True when the token was also emailed to the invitee (SMTP_URL is set and the relay accepted it)' })
  emailed: boolean;
}
