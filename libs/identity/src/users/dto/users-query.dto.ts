import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@pp/core';
import { IsEmail, IsIn, IsOptional, IsUUID } from 'class-validator';
import { ROLES, type Role } from '../../access/actor';
import { NormaliseEmail } from './email';
import { USER_STATUSES, type UserStatus } from '../user.entity';

export class UsersQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'lead@cheshire.example' })
  @IsOptional()
  @NormaliseEmail()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Users holding a role in this footprint' })
  @IsOptional()
  @IsUUID()
  footprintId?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}
