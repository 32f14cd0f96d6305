import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemDetails, Public } from '@pp/core';
import { CredentialsService } from '../users/credentials.service';
import { AuthService } from './auth.service';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { AcceptInvitationDto, LoginDto, RefreshDto, ResetPasswordDto, TokenPairDto } from './dto/auth.dto';

/** Sign-in and the token endpoints: public, rate-limited per IP and per account. */
@ApiTags('auth')
@Public()
@UseGuards(AuthRateLimitGuard)
@ApiTooManyRequestsResponse({ type: ProblemDetails, description: 'Rate limited; see Retry-After' })
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly credentials: CredentialsService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password: a short-lived access token and a single-use refresh token' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({
    type: ProblemDetails,
    description:
      'The email or password is incorrect. An unknown email, a disabled account and an account locked after ' +
      'LOGIN_MAX_FAILURES wrong passwords get this same answer, so sign-in never tells who has an account; ' +
      'a locked account refuses even the right password until the lock runs out (LOGIN_LOCKOUT_SECONDS) or a password reset lifts it',
  })
  login(@Body() body: LoginDto): Promise<TokenPairDto> {
    return this.auth.login(body.email, body.password);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair; a reused refresh token revokes its whole session' })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  refresh(@Body() body: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revokes the session of the refresh token' })
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Post('password-reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a single-use reset token; signs out every session' })
  @ApiNoContentResponse()
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.credentials.resetPassword(body.token, body.newPassword);
  }

  @Post('invitations/accept')
  @HttpCode(204)
  @ApiOperation({ summary: 'Accept an invitation: set a password with the single-use invitation token' })
  @ApiNoContentResponse()
  async acceptInvitation(@Body() body: AcceptInvitationDto): Promise<void> {
    await this.credentials.acceptInvitation(body.token, body.password, body.displayName);
  }
}
