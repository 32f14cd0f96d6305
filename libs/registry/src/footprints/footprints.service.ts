import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ConflictError, containsPattern, InvalidInputError, NotFoundError, Page, paginate } from '@pp/core';
import { AuditService, type Scope } from '@pp/identity';
import { EntityManager, Repository } from 'typeorm';
import { normaliseCode } from '../organisations/organisation-codes';
import type { CreateFootprintDto } from './dto/create-footprint.dto';
import type { ListFootprintsQuery } from './dto/list-footprints.query';
import type { UpdateFootprintDto } from './dto/update-footprint.dto';
import { checkFootprint, DEFAULT_ANONYMITY_THRESHOLD } from './footprint-codes';
import { Footprint } from './footprint.entity';

/** What the audit log keeps of a footprint before and after a write. */
const summary = (f: Footprint) => ({ code: f.code, name: f.name, kind: f.kind, nation: f.nation, anonymityThreshold: f.anonymityThreshold, benchmarkSharing: f.benchmarkSharing, archivedAt: f.archivedAt });

@Injectable()
export class FootprintsService {
  constructor(
    @InjectRepository(Footprint) private readonly footprints: Repository<Footprint>,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateFootprintDto): Promise<Footprint> {
    const footprint = this.footprints.create({
      code: normaliseCode(input.code),
      name: input.name,
      kind: input.kind,
      nation: input.nation,
      regionName: input.region.name,
      regionCode: input.region.code ?? null,
      anonymityThreshold: input.anonymityThreshold ?? DEFAULT_ANONYMITY_THRESHOLD,
      benchmarkSharing: input.benchmarkSharing ?? false,
    });
    this.check(footprint);
    await this.ensureCodeFree(footprint.code);
    return this.saveAudited(footprint, 'footprint.create', null);
  }

  async get(id: string): Promise<Footprint> {
    const footprint = await this.footprints.findOneBy({ id });
    if (!footprint) throw new NotFoundError('Footprint', id);
    return footprint;
  }

  async update(id: string, changes: UpdateFootprintDto): Promise<Footprint> {
    const footprint = await this.get(id);
    if (footprint.archivedAt) throw new ConflictError(`Footprint ${id} is archived and cannot be changed`);
    const before = summary(footprint);
    const code = changes.code === undefined ? footprint.code : normaliseCode(changes.code);
    if (code !== footprint.code) await this.ensureCodeFree(code);
    this.footprints.merge(footprint, {
      code,
      name: changes.name,
      kind: changes.kind,
      nation: changes.nation,
      anonymityThreshold: changes.anonymityThreshold,
      benchmarkSharing: changes.benchmarkSharing,
      ...(changes.region ? { regionName: changes.region.name, regionCode: changes.region.code ?? null } : {}),
    });
    this.check(footprint);
    return this.saveAudited(footprint, 'footprint.update', before);
  }

  /** Footprints by name within `scope`, the footprints the caller may read. */
  list(query: ListFootprintsQuery, scope: Scope): Promise<Page<Footprint>> {
    const rows = this.footprints.createQueryBuilder('f');
    if (!scope.all) rows.andWhere('f.id = ANY(:scopeFootprints)', { scopeFootprints: scope.footprintIds });
    if (!query.includeArchived) rows.andWhere('f.archived_at IS NULL');
    if (query.nation) rows.andWhere('f.nation = :nation', { nation: query.nation });
    if (query.kind) rows.andWhere('f.kind = :kind', { kind: query.kind });
    if (query.q) rows.andWhere('(f.name ILIKE :q OR f.code ILIKE :q)', { q: containsPattern(query.q) });
    return paginate(rows, 'f.name', (f) => f.name, query);
  }

  /** Soft delete: the footprint leaves lists but its history (members, rounds, scores) stays. */
  async archive(id: string): Promise<Footprint> {
    const footprint = await this.get(id);
    if (footprint.archivedAt) return footprint;
    const before = summary(footprint);
    footprint.archivedAt = new Date();
    return this.saveAudited(footprint, 'footprint.archive', before);
  }

  private saveAudited(footprint: Footprint, action: string, before: ReturnType<typeof summary> | null): Promise<Footprint> {
    return this.footprints.manager.transaction(async (manager) => {
      const saved = await manager.save(footprint);
      await this.audit.record(manager, { action, entityType: 'footprint', entityId: saved.id, footprintId: saved.id, before, after: summary(saved) });
      return saved;
    });
  }

  /**
   * Locks the footprint row for the rest of `manager`'s transaction, so writes to its members are
   * serialised; refuses an archived footprint.
   */
  async lockForMemberChanges(manager: EntityManager, id: string): Promise<Footprint> {
    const footprint = await manager
      .getRepository(Footprint)
      .createQueryBuilder('f')
      .setLock('pessimistic_write')
      .where('f.id = :id', { id })
      .getOne();
    if (!footprint) throw new NotFoundError('Footprint', id);
    if (footprint.archivedAt) throw new ConflictError(`Footprint ${id} is archived; its members cannot change`);
    return footprint;
  }

  private check(footprint: Footprint): void {
    const problems = checkFootprint(footprint);
    if (problems.length) {
      throw new InvalidInputError(`Invalid footprint: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
    }
  }

  private async ensureCodeFree(code: string): Promise<void> {
    if (await this.footprints.existsBy({ code })) {
      throw new ConflictError(`A footprint with code ${code} already exists`, [{ field: 'code', problem: 'already exists' }]);
    }
  }
}
