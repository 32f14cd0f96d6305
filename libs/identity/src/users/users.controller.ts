import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../access/permission.decorator';
import { CredentialsService } from './credentials.service';
import { GrantInput } from './dto/grant.dto';
import { InviteUserDto, UserInvitationDto } from './dto/invite-user.dto';
import { PasswordResetIssuedDto } from './dto/password-reset-issued.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDto, UserPageDto } from './dto/user.dto';
import { UsersQuery } from './dto/users-query.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly credentials: CredentialsService,
  ) {}

  @Get()
  @Permission('user.read')
  @ApiOperation({ summary: 'Users, by email' })
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: UsersQuery): Promise<UserPageDto> {
    const page = await this.users.list(query);
    return { items: page.items.map(UserDto.of), nextCursor: page.nextCursor };
  }

  @Post('invitations')
  @Permission('user.manage')
  @ApiOperation({ summary: 'Invite a user with roles; returns the single-use invitation token' })
  @ApiCreatedResponse({ type: UserInvitationDto })
  async invite(@Body() body: InviteUserDto): Promise<UserInvitationDto> {
    const { user, invitation, emailed } = await this.users.invite(body);
    return { user: UserDto.of(user), invitationToken: invitation.token, invitationUrl: invitation.url, expiresAt: invitation.expiresAt.toISOString(), emailed };
  }

  @Get(':id')
  @Permission('user.read')
  @ApiOperation({ summary: 'One user with their roles' })
  @ApiOkResponse({ type: UserDto })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return UserDto.of(await this.users.get(id));
  }

  @Patch(':id')
  @Permission('user.manage')
  @ApiOperation({ summary: 'Rename, disable or re-enable a user' })
  @ApiOkResponse({ type: UserDto })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return UserDto.of(await this.users.update(id, body));
  }

  @Post(':id/grants')
  @Permission('user.manage')
  @ApiOperation({ summary: 'Grant a role to a user' })
  @ApiCreatedResponse({ type: UserDto })
  async grant(@Param('id', ParseUUIDPipe) id: string, @Body() body: GrantInput): Promise<UserDto> {
    return UserDto.of(await this.users.addGrant(id, body));
  }

  @Delete(':id/grants/:grantId')
  @HttpCode(204)
  @Permission('user.manage')
  @ApiOperation({ summary: 'Take a role away from a user' })
  @ApiNoContentResponse()
  async revokeGrant(@Param('id', ParseUUIDPipe) id: string, @Param('grantId', ParseUUIDPipe) grantId: string): Promise<void> {
    await this.users.removeGrant(id, grantId);
  }

  @Post(':id/password-reset')
  @Permission('user.manage')
  @ApiOperation({ summary: 'Issue a single-use password reset token for a user' })
  @ApiCreatedResponse({ type: PasswordResetIssuedDto })
  async issuePasswordReset(@Param('id', ParseUUIDPipe) id: string): Promise<PasswordResetIssuedDto> {
    const issued = await this.credentials.issuePasswordReset(id);
    return { resetToken: issued.token, resetUrl: issued.url, expiresAt: issued.expiresAt.toISOString(), emailed: issued.emailed };
  }
}
