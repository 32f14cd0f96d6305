import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, isUUID, registerDecorator, type ValidationArguments } from 'class-validator';
import { ROLE_SCOPE, ROLES, type Role } from '../../access/actor';
import type { RoleGrant } from '../role-grant.entity';

/**
 * The footprint or organisation id of a grant: required, as a UUID, when the role is granted at
 * that scope, and refused otherwise, so a platform-wide role never silently carries a footprint.
 */
function ScopeOfRole(scope: 'footprint' | 'organisation'): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'scopeOfRole',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const role = (args.object as GrantInput).role;
          if (!(role in ROLE_SCOPE)) return true;
          return ROLE_SCOPE[role] === scope ? typeof value === 'string' && isUUID(value) : value === undefined;
        },
        defaultMessage(args: ValidationArguments) {
          const role = (args.object as GrantInput).role;
          return ROLE_SCOPE[role] === scope ? `must be a UUID: ${role} is granted per ${scope}` : `must not be set: ${role} is not granted per ${scope}`;
        },
      },
    });
  };
}

export class GrantInput {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for footprint_lead and analyst' })
  @ScopeOfRole('footprint')
  footprintId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for org_submitter' })
  @ScopeOfRole('organisation')
  organisationId?: string;
}

/** The organisation a grant is for, named so a list of users shows it without a read per organisation. */
export class GrantOrganisationDto {
  @ApiProperty({ example: 'N82001' })
  code: string;

  @ApiProperty({ example: 'HESWALL MEDICAL CENTRE' })
  name: string;
}

export class GrantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  footprintId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  organisationId: string | null;

  @ApiProperty({ type: GrantOrganisationDto, nullable: true, description: 'The code and name of organisationId; null for a role granted per footprint or platform-wide' })
  organisation: GrantOrganisationDto | null;

  static of(grant: RoleGrant): GrantDto {
    return { id: grant.id, role: grant.role, footprintId: grant.footprintId, organisationId: grant.organisationId, organisation: grant.organisation ?? null };
  }
}
