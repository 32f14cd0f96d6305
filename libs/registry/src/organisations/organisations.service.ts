import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConflictError, containsPattern, InvalidInputError, NotFoundError, Page, paginate } from '@pp/core';
import { AuditService, type Resource, type Scope } from '@pp/identity';
import { Repository } from 'typeorm';
import { Membership } from '../memberships/membership.entity';
import type { CreateOrganisationDto } from './dto/create-organisation.dto';
import type { ListOrganisationsQuery } from './dto/list-organisations.query';
import type { UpdateOrganisationDto } from './dto/update-organisation.dto';
import { checkOrganisation, normaliseCode } from './organisation-codes';
import { typesInSector } from './organisation-types';
import { Organisation } from './organisation.entity';

/** What the audit log keeps of an organisation before and after a write. */
const summary = (o: Organisation) => ({ code: o.code, codeSystem: o.codeSystem, name: o.name, type: o.type, openedOn: o.openedOn, closedOn: o.closedOn, archivedAt: o.archivedAt });

@Injectable()
export class OrganisationsService {
  constructor(
    @InjectRepository(Organisation) private readonly organisations: Repository<Organisation>,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateOrganisationDto): Promise<Organisation> {
    const organisation = this.organisations.create({
      code: normaliseCode(input.code),
      name: input.name,
      type: input.type,
      openedOn: input.openedOn ?? null,
      closedOn: input.closedOn ?? null,
    });
    organisation.codeSystem = this.check(organisation, input.codeSystem);
    await this.ensureCodeFree(organisation.code);
    return this.saveAudited(organisation, 'organisation.create', null);
  }

  async get(id: string): Promise<Organisation> {
    const organisation = await this.organisations.findOneBy({ id });
    if (!organisation) throw new NotFoundError('Organisation', id);
    return organisation;
  }

  async update(id: string, changes: UpdateOrganisationDto): Promise<Organisation> {
    const organisation = await this.get(id);
    if (organisation.archivedAt) throw new ConflictError(`Organisation ${id} is archived and cannot be changed`);
    const before = summary(organisation);
    const code = changes.code === undefined ? organisation.code : normaliseCode(changes.code);
    if (code !== organisation.code) await this.ensureCodeFree(code);
    this.organisations.merge(organisation, {
      code,
      name: changes.name,
      type: changes.type,
      openedOn: changes.openedOn,
      closedOn: changes.closedOn,
    });
    // A new type or code may belong to the other code system, so it is worked out again unless given.
    organisation.codeSystem = this.check(organisation, changes.codeSystem);
    return this.saveAudited(organisation, 'organisation.update', before);
  }

  /** Organisations by name within `scope`: members (ever) of the caller's footprints, and the caller's own organisations. */
  list(query: ListOrganisationsQuery, scope: Scope): Promise<Page<Organisation>> {
    const rows = this.organisations.createQueryBuilder('o');
    if (!scope.all) {
      rows.andWhere('(o.id = ANY(:scopeOrganisations) OR EXISTS (SELECT 1 FROM membership m WHERE m.organisation_id = o.id AND m.footprint_id = ANY(:scopeFootprints)))', {
        scopeOrganisations: scope.organisationIds,
        scopeFootprints: scope.footprintIds,
      });
    }
    if (!query.includeArchived) rows.andWhere('o.archived_at IS NULL');
    if (query.type) rows.andWhere('o.type = :type', { type: query.type });
    if (query.sector) rows.andWhere('o.type IN (:...sectorTypes)', { sectorTypes: typesInSector(query.sector) });
    if (query.q) rows.andWhere('(o.name ILIKE :q OR o.code ILIKE :q)', { q: containsPattern(query.q) });
    return paginate(rows, 'o.name', (o) => o.name, query);
  }

  /** Soft delete: the organisation leaves lists; its memberships and survey history stay. */
  async archive(id: string): Promise<Organisation> {
    const organisation = await this.get(id);
    if (organisation.archivedAt) return organisation;
    const before = summary(organisation);
    organisation.archivedAt = new Date();
    return this.saveAudited(organisation, 'organisation.archive', before);
  }

  /** For the access policy: an organisation is reachable from every footprint it is or was a member of. */
  async scopeOf(id: string): Promise<Resource[] | null> {
    if (!(await this.organisations.existsBy({ id }))) return null;
    const memberships = await this.organisations.manager.find(Membership, { where: { organisationId: id }, select: { footprintId: true } });
    return [{ organisationId: id, memberOf: [...new Set(memberships.map((m) => m.footprintId))] }];
  }

  private saveAudited(organisation: Organisation, action: string, before: ReturnType<typeof summary> | null): Promise<Organisation> {
    return this.organisations.manager.transaction(async (manager) => {
      const saved = await manager.save(organisation);
      await this.audit.record(manager, { action, entityType: 'organisation', entityId: saved.id, before, after: summary(saved) });
      return saved;
    });
  }

  private check(organisation: Organisation, codeSystem: Organisation['codeSystem'] | undefined) {
    const result = checkOrganisation({ ...organisation, codeSystem });
    if (result.problems.length || !result.codeSystem) {
      const detail = result.problems.map((p) => `${p.field} ${p.problem}`).join('; ');
      throw new InvalidInputError(`Invalid organisation: ${detail}`, result.problems);
    }
    return result.codeSystem;
  }

  private async ensureCodeFree(code: string): Promise<void> {
    if (await this.organisations.existsBy({ code })) {
      throw new ConflictError(`An organisation with code ${code} already exists`, [{ field: 'code', problem: 'already exists' }]);
    }
  }
}
