import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConflictError, InvalidInputError, NotFoundError, type Page, type PageQuery, paginate, toTheMillisecond } from '@pp/core';
import { AuditService } from '@pp/identity';
import { DataSource, type EntityManager } from 'typeorm';
import { type CompiledInstrument, compileInstrument } from './compiled-instrument';
import type { CreateInstrumentDto, InstrumentContentDto } from './dto/instrument-content.dto';
import { checkInstrument, type InstrumentDefinition, questionRows } from './instrument-definition';
import { checkTranslations, type InstrumentTranslations } from './instrument-translations';
import { Instrument } from './instrument.entity';
import { Question } from './question.entity';

/** The result of a change: the same version edited in place, or a new version when the old one is in use. */
export interface Revision {
  instrument: Instrument;
  newVersion: boolean;
}

@Injectable()
export class InstrumentsService {
  /** Only locked versions are cached: they can never change again. */
  private readonly compiledCache = new Map<string, Promise<CompiledInstrument>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A new instrument, or the next version of the instrument with this key. */
  async create(input: CreateInstrumentDto): Promise<Instrument> {
    const definition = this.definition(input.key, input);
    return this.dataSource.transaction(async (manager) => {
      const [{ latest }] = await manager.query('SELECT max(version) AS latest FROM instrument WHERE key = $1', [input.key]);
      return this.insertVersion(manager, definition, (latest ?? 0) + 1);
    });
  }

  /** Edits an unused version in place; a version a round uses stays as it is and the change becomes a new version. */
  async revise(id: string, input: InstrumentContentDto): Promise<Revision> {
    return this.dataSource.transaction(async (manager) => {
      // The row lock orders this edit with a round taking the version (lockForRound).
      const current = await manager.findOne(Instrument, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new NotFoundError('Instrument', id);
      const definition = this.definition(current.key, input);
      if (current.lockedAt) {
        const [{ latest }] = await manager.query('SELECT max(version) AS latest FROM instrument WHERE key = $1', [current.key]);
        return { instrument: await this.insertVersion(manager, definition, latest + 1), newVersion: true };
      }
      await manager.delete(Question, { instrumentId: id });
      await manager.update(Instrument, { id }, { name: definition.name, description: definition.description ?? null, dimensions: [...definition.dimensions], translations: definition.translations });
      await this.insertQuestions(manager, id, definition);
      await this.audit.record(manager, { action: 'instrument.update', entityType: 'instrument', entityId: id, after: { key: current.key, version: current.version, name: definition.name, languages: Object.keys(definition.translations) } });
      return { instrument: await this.getWith(manager, id), newVersion: false };
    });
  }

  get(id: string): Promise<Instrument> {
    return this.getWith(this.dataSource.manager, id);
  }

  list(page: PageQuery): Promise<Page<Instrument>> {
    const rows = this.dataSource.getRepository(Instrument).createQueryBuilder('i');
    return paginate(rows, toTheMillisecond('i.created_at'), (i) => i.createdAt.toISOString(), page);
  }

  async makeDefault(id: string): Promise<Instrument> {
    return this.dataSource.transaction(async (manager) => {
      const instrument = await this.getWith(manager, id);
      await manager.query('UPDATE instrument SET is_default = false WHERE is_default AND id <> $1', [id]);
      await manager.update(Instrument, { id }, { isDefault: true });
      await this.audit.record(manager, { action: 'instrument.make_default', entityType: 'instrument', entityId: id, after: { key: instrument.key, version: instrument.version } });
      instrument.isDefault = true;
      return instrument;
    });
  }

  async defaultId(manager: EntityManager): Promise<string> {
    const row = await manager.findOne(Instrument, { where: { isDefault: true }, select: { id: true } });
    if (!row) throw new ConflictError('No instrument is the default; name one with instrumentId or make one the default');
    return row.id;
  }

  /** Marks a version as used by a round, inside the round's transaction; from then on it is immutable. */
  async lockForRound(manager: EntityManager, id: string): Promise<void> {
    const updated = await manager
      .createQueryBuilder()
      .update(Instrument)
      .set({ lockedAt: () => 'coalesce(locked_at, now())' })
      .where('id = :id', { id })
      .execute();
    if (!updated.affected) {
      throw new InvalidInputError(`Instrument ${id} does not exist`, [{ field: 'instrumentId', problem: 'does not exist' }]);
    }
  }

  /** The version compiled for validating answers; rounds use only locked versions, which are cached for good. */
  compiled(id: string): Promise<CompiledInstrument> {
    const cached = this.compiledCache.get(id);
    if (cached) return cached;
    const compiling = this.get(id).then((instrument) => {
      const questions = [...instrument.questions].sort((a, b) => a.position - b.position);
      if (!instrument.lockedAt) this.compiledCache.delete(id);
      return compileInstrument(instrument.id, instrument.dimensions, questions);
    });
    this.compiledCache.set(id, compiling);
    compiling.catch(() => this.compiledCache.delete(id));
    return compiling;
  }

  /** The checked content of a version: its questions, and translations whose every key is one of them. */
  private definition(key: string, input: InstrumentContentDto): InstrumentDefinition & { translations: InstrumentTranslations } {
    const definition = {
      key,
      name: input.name,
      description: input.description ?? null,
      dimensions: input.dimensions.map((d) => ({ key: d.key, name: d.name, weight: d.weight ?? 1 })),
      questions: input.questions,
      translations: (input.translations ?? {}) as InstrumentTranslations,
    };
    const problems = [...checkInstrument(definition), ...checkTranslations(definition, input.translations)];
    if (problems.length) {
      throw new InvalidInputError(`Invalid instrument: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
    }
    return definition;
  }

  private async insertVersion(manager: EntityManager, definition: InstrumentDefinition & { translations: InstrumentTranslations }, version: number): Promise<Instrument> {
    const instrument = await manager.save(
      manager.create(Instrument, {
        key: definition.key,
        version,
        name: definition.name,
        description: definition.description ?? null,
        dimensions: [...definition.dimensions],
        translations: definition.translations,
      }),
    );
    await this.insertQuestions(manager, instrument.id, definition);
    await this.audit.record(manager, { action: 'instrument.create', entityType: 'instrument', entityId: instrument.id, after: { key: definition.key, version, name: definition.name, languages: Object.keys(definition.translations) } });
    return this.getWith(manager, instrument.id);
  }

  private async insertQuestions(manager: EntityManager, instrumentId: string, definition: InstrumentDefinition): Promise<void> {
    await manager.insert(
      Question,
      questionRows(definition).map((row) => ({ ...row, instrumentId })),
    );
  }

  private async getWith(manager: EntityManager, id: string): Promise<Instrument> {
    const instrument = await manager.findOne(Instrument, { where: { id }, relations: { questions: true } });
    if (!instrument) throw new NotFoundError('Instrument', id);
    return instrument;
  }
}
