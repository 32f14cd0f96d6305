import { ApiProperty } from '@nestjs/swagger';
import { USER_STATUSES, type User, type UserStatus } from '../user.entity';
import { GrantDto } from './grant.dto';
import { PageOf } from '@pp/core';

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'lead@cheshire.example' })
  email: string;

  @ApiProperty({ example: 'Sam Lead' })
  displayName: string;

  @ApiProperty({ enum: USER_STATUSES })
  status: UserStatus;

  @ApiProperty({ type: [GrantDto] })
  grants: GrantDto[];

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Set while repeated failed sign-ins lock the account' })
  lockedUntil: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  lastLoginAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static of(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      status: user.status,
      grants: (user.grants ?? []).map(GrantDto.of),
      lockedUntil: user.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil.toISOString() : null,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
    };
  }
}

export class UserPageDto extends PageOf(UserDto) {}
