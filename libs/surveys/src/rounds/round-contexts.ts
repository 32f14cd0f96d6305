import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@pp/core';
import { Footprint } from '@pp/registry';
import { DataSource } from 'typeorm';
import type { CompiledInstrument } from '../instruments/compiled-instrument';
import { InstrumentsService } from '../instruments/instruments.service';
import { Round } from './round.entity';
import { type RoundMember, RoundMembers } from './round-members';

/** What validating and storing a submission needs to know about its round. */
export interface RoundContext {
  round: Round;
  instrument: CompiledInstrument;
  members: ReadonlyMap<string, RoundMember>;
  /** Organisation code → id, for CSV uploads. */
  memberIds: ReadonlyMap<string, string>;
  anonymityThreshold: number;
}

/** Long enough to spare the database on every submission; short enough that membership edits show soon. */
const TTL_MS = 30_000;
const MAX_ENTRIES = 1_000;

/**
 * Per-process cache of round → (instrument, member set). Entries are dropped when this process
 * changes the round's status; other processes may hold a stale status for up to the TTL, which is
 * safe because the submission's write re-checks status and closing time in the same statement.
 */
@Injectable()
export class RoundContexts {
  private readonly entries = new Map<string, { expires: number; context: Promise<RoundContext> }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly instruments: InstrumentsService,
    private readonly roundMembers: RoundMembers,
  ) {}

  get(roundId: string, now = Date.now()): Promise<RoundContext> {
    const entry = this.entries.get(roundId);
    if (entry && entry.expires > now) return entry.context;
    const context = this.load(roundId);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(roundId, { expires: now + TTL_MS, context });
    context.catch(() => this.entries.delete(roundId));
    return context;
  }

  invalidate(roundId: string): void {
    this.entries.delete(roundId);
  }

  private async load(roundId: string): Promise<RoundContext> {
    const manager = this.dataSource.manager;
    const round = await manager.findOneBy(Round, { id: roundId });
    if (!round) throw new NotFoundError('Round', roundId);
    const [instrument, members, footprint] = await Promise.all([
      this.instruments.compiled(round.instrumentId),
      this.roundMembers.during(manager, round.footprintId, round.opensAt, round.closesAt),
      manager.findOneOrFail(Footprint, { where: { id: round.footprintId }, select: { id: true, anonymityThreshold: true } }),
    ]);
    return {
      round,
      instrument,
      members: new Map(members.map((m) => [m.organisationId, m])),
      memberIds: new Map(members.map((m) => [m.code, m.organisationId])),
      anonymityThreshold: footprint.anonymityThreshold,
    };
  }
}
