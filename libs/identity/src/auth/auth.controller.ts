import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemDetails, Public } from '@pp/core';
import { CredentialsService } from '../users/credentials.service';
import { AuthService } from './auth.service';
import { AuthRateLimitGuard } from './auth-rate-limit.guard';
import { AcceptInvitationDto, LoginDto, RefreshDto, RequestPasswordResetDto, ResetPasswordDto, TokenPairDto } from './dto/auth.dto';

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
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  @ApiResponse({ status: 423, type: ProblemDetails, description: 'Locked after repeated failures; see Retry-After' })
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
  @ApiOperation({ summary: 'Sign out: revokes the session of the refresh token (204 even when it was already revoked or unknown)' })
  @ApiNoContentResponse()
  async logout(@Body() body: RefreshDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Post('password-reset/request')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Forgot your password: emails a single-use link to APP_URL/account/reset-password#<token> when the address has an active account',
    description: 'Always 202 with no body, whether or not the address has an account, so the route tells nobody which addresses do. Needs a mail relay (SMTP_URL); without one nothing is sent.',
  })
  @ApiAcceptedResponse({ description: 'If the address belongs to an active account, a reset link is on its way' })
  async requestPasswordReset(@Body() body: RequestPasswordResetDto): Promise<void> {
    await this.credentials.requestPasswordReset(body.email);
  }

  @Post('password-reset')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a new password with a single-use reset token (from the link’s fragment); signs out every session' })
  @ApiNoContentResponse()
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.credentials.resetPassword(body.token, body.newPassword);
  }

  @Post('invitations/accept')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Accept an invitation: set a password with the single-use invitation token (from the fragment of APP_URL/account/accept-invitation#<token>)',
    description: 'A token that is unknown, used or expired is 400 naming `token`. The user then signs in at POST /api/v1/auth/login.',
  })
  @ApiNoContentResponse()
  async acceptInvitation(@Body() body: AcceptInvitationDto): Promise<void> {
    await this.credentials.acceptInvitation(body.token, body.password, body.displayName);
  }
}
