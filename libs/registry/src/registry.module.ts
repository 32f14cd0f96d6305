import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ResourceScopes } from '@pp/identity';
import { Footprint } from './footprints/footprint.entity';
import { FootprintsController } from './footprints/footprints.controller';
import { FootprintsService } from './footprints/footprints.service';
import { ImportsController } from './imports/imports.controller';
import { ImportsService } from './imports/imports.service';
import { Membership } from './memberships/membership.entity';
import { MembershipsController } from './memberships/memberships.controller';
import { MembershipsService } from './memberships/memberships.service';
import { Organisation } from './organisations/organisation.entity';
import { OrganisationsController } from './organisations/organisations.controller';
import { OrganisationsService } from './organisations/organisations.service';

/** Footprints, the organisations in them and their memberships over time. */
@Module({
  imports: [TypeOrmModule.forFeature([Footprint, Organisation, Membership])],
  controllers: [ImportsController, FootprintsController, OrganisationsController, MembershipsController],
  providers: [FootprintsService, OrganisationsService, MembershipsService, ImportsService],
  exports: [FootprintsService, OrganisationsService, MembershipsService],
})
export class RegistryModule implements OnModuleInit {
  constructor(
    private readonly scopes: ResourceScopes,
    private readonly organisations: OrganisationsService,
  ) {}

  /** Tells the access guard where an organisation sits, so `:organisationId` routes are checked. */
  onModuleInit(): void {
    this.scopes.register('organisation', (id) => this.organisations.scopeOf(id));
  }
}
