import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@pp/core';
import { IsIn, IsString, Length } from 'class-validator';

/** What an admin may change on a user. Roles change through grants; the email and password never here. */
export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'Disabling signs the user out everywhere' })
  @IsOmittable()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}
