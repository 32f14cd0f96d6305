import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { type Actor, ROLES } from '../../access/actor';
import { ACTIONS, type Action, can, scopeOf } from '../../access/policy';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/passwords';

export class HeldGrantDto {
  @ApiProperty({ enum: [...ROLES, 'api_key'] })
  role: string;

  @ApiPropertyOptional({ format: 'uuid' })
  footprintId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  organisationId?: string;
}

/** What the caller may do on one footprint it holds a grant on. */
export class FootprintActionsDto {
  @ApiProperty({ format: 'uuid' })
  footprintId: string;

  @ApiProperty({ enum: ACTIONS, isArray: true, description: "The actions the access policy lets you perform on this footprint's records" })
  actions: Action[];
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

  @ApiProperty({
    enum: ACTIONS,
    isArray: true,
    description: 'The actions you may perform on every footprint and organisation (a platform role), whether or not you hold a grant on it',
  })
  actionsEverywhere: Action[];

  @ApiProperty({
    type: [FootprintActionsDto],
    description:
      'For each footprint you hold a grant on, the actions you may perform there: someone who leads one footprint and is an analyst on another may change only the first. With actionsEverywhere, what a client needs to hide the controls of one footprint’s pages',
  })
  footprints: FootprintActionsDto[];

  static of(actor: Actor): AccountDto {
    const footprintIds = [...new Set(actor.grants.flatMap((grant) => (grant.footprintId ? [grant.footprintId] : [])))];
    return {
      kind: actor.kind,
      id: actor.id,
      label: actor.label,
      grants: actor.grants.map((grant) => ({ ...grant })),
      actions: ACTIONS.filter((action) => can(actor, action)),
      actionsEverywhere: ACTIONS.filter((action) => scopeOf(actor, action).all),
      footprints: footprintIds.map((footprintId) => ({ footprintId, actions: ACTIONS.filter((action) => can(actor, action, { footprintId })) })),
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
