import { Body, Controller, Get, HttpCode, Patch, Put, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ProblemDetails } from '@pp/core';
import type { Actor } from '../access/actor';
import { CurrentActor, Permission } from '../access/permission.decorator';
import { AuthRateLimitGuard } from '../auth/auth-rate-limit.guard';
import { AuthService } from '../auth/auth.service';
import { TokenPairDto } from '../auth/dto/auth.dto';
import { CredentialsService } from './credentials.service';
import { AccountDto, ChangePasswordDto, UpdateAccountDto } from './dto/account.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

/** The caller's own account. */
@ApiTags('account')
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly credentials: CredentialsService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @Permission('account.read')
  @ApiOperation({ summary: 'Who you are and the roles you hold (users and API keys)' })
  @ApiOkResponse({ type: AccountDto })
  whoAmI(@CurrentActor() actor: Actor): AccountDto {
    return AccountDto.of(actor);
  }

  @Patch()
  @Permission('account.update')
  @ApiOperation({ summary: 'Change your display name; roles, footprints and email are refused by name' })
  @ApiOkResponse({ type: UserDto })
  async update(@Body() body: UpdateAccountDto, @CurrentActor() actor: Actor): Promise<UserDto> {
    return UserDto.of(await this.users.update(actor.id, { displayName: body.displayName }));
  }

  @Put('password')
  @HttpCode(200)
  @UseGuards(AuthRateLimitGuard)
  @Permission('account.update')
  @ApiOperation({
    summary: 'Change your password: every session is signed out, and this one continues with the fresh token pair returned',
    description: 'A wrong currentPassword is 400 naming `currentPassword`. Replace the stored tokens with the pair returned: the old refresh token no longer works.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiTooManyRequestsResponse({ type: ProblemDetails })
  async changePassword(@Body() body: ChangePasswordDto, @CurrentActor() actor: Actor): Promise<TokenPairDto> {
    await this.credentials.changePassword(actor.id, body.currentPassword, body.newPassword);
    return this.auth.issueTokens(actor.id);
  }
}
