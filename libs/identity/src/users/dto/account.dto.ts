import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { type Actor, ROLES } from '../../access/actor';
import { ACTIONS, type Action, can } from '../../access/policy';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/passwords';

export class HeldGrantDto {
  @ApiProperty({ enum: [...ROLES, 'api_key'] })
  role: string;

  @ApiPropertyOptional({ format: 'uuid' })
  footprintId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  organisationId?: string;
}

/** The caller, user or API key, and what it holds. */
export class AccountDto {
  @ApiProperty({ enum: ['user', 'api_key'] })
  kind: 'user' | 'api_key';

  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Email, or the API key prefix' })
  label: string;

  @ApiProperty({ type: [HeldGrantDto], description: 'API keys hold the pseudo-role api_key for each footprint they read' })
  grants: HeldGrantDto[];

  @ApiProperty({
    enum: ACTIONS,
    isArray: true,
    description: 'The actions the access policy lets you perform somewhere (within the scope of your grants), so a client can hide what you may not do; the API refuses it all the same',
  })
  actions: Action[];

  static of(actor: Actor): AccountDto {
    return {
      kind: actor.kind,
      id: actor.id,
      label: actor.label,
      grants: actor.grants.map((grant) => ({ ...grant })),
      actions: ACTIONS.filter((action) => can(actor, action)),
    };
  }
}

/** The only field users change on themselves; anything else (roles, footprints, email) is refused by name. */
export class UpdateAccountDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  displayName: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword: string;
}
