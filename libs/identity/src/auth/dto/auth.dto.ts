import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { NormaliseEmail } from '../../users/dto/email';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../passwords';

export class LoginDto {
  @ApiProperty({ example: 'lead@cheshire.example' })
  @NormaliseEmail()
  @MaxLength(254)
  @IsEmail()
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from sign-in or the previous refresh; each works once' })
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @ApiProperty({ description: 'Exchange at POST /api/v1/auth/refresh for a new pair; single use' })
  refreshToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' })
  expiresIn: number;
}

export class RequestPasswordResetDto {
  @ApiProperty({ example: 'submitter@wirral.example' })
  @NormaliseEmail()
  @MaxLength(254)
  @IsEmail()
  email: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The single-use password reset token' })
  @IsString()
  @Length(1, 200)
  token: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The single-use invitation token' })
  @IsString()
  @Length(1, 200)
  token: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional({ description: 'Replaces the name the admin gave' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;
}
