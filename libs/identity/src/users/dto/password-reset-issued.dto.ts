import { ApiProperty } from '@nestjs/swagger';

export class PasswordResetIssuedDto {
  @ApiProperty({ description: 'Single-use; the user sets a new password with it at POST /api/v1/auth/password-reset. Shown once.' })
  resetToken: string;

  @ApiProperty({ description: 'The same token as the web app’s page APP_URL/account/reset-password#<token>, the link the email carries. Shown once.' })
  resetUrl: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ description: 'True when the token was also emailed to the user (SMTP_URL is set and the relay accepted it)' })
  emailed: boolean;
}
