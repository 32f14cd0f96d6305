import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError } from '@pp/core';
import { DataSource } from 'typeorm';
import { AnonymityGate } from '../anonymity/anonymity.service';
import type { KeyDriverView } from '../anonymity/gated-views';
import { RoundScoring } from '../scores/round-scoring.entity';
import { KeyDriver } from './key-driver.entity';

export interface RoundDrivers {
  roundId: string;
  footprintId: string;
  period: string | null;
  anonymityThreshold: number;
  outcome: string | null;
  computedAt: Date | null;
  items: KeyDriverView[];
}

/** A round's key drivers, through the anonymity gate. */
@Injectable()
export class KeyDriverReads {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gate: AnonymityGate,
  ) {}

  async forRound(roundId: string): Promise<RoundDrivers> {
    const [round] = await this.dataSource.query<{ footprint_id: string }[]>('SELECT footprint_id FROM round WHERE id = $1', [roundId]);
    if (!round) throw new NotFoundError('Round', roundId);
    const footprintId = round.footprint_id;
    const k = await this.gate.threshold(footprintId);
    const run = await this.dataSource.getRepository(RoundScoring).findOneBy({ roundId });
    // Drivers come with the final score only: an open round has none yet.
    if (!run || run.provisional) return { roundId, footprintId, period: null, anonymityThreshold: k, outcome: null, computedAt: null, items: [] };
    const decisions = await this.gate.decisions(footprintId, k, { from: run.period, to: run.period });
    const rows = await this.dataSource.getRepository(KeyDriver).find({ where: { roundId } });
    return {
      roundId,
      footprintId,
      period: run.period,
      anonymityThreshold: k,
      outcome: rows[0]?.outcome ?? null,
      computedAt: rows[0]?.computedAt ?? null,
      items: this.gate.drivers(rows, k, decisions),
    };
  }
}
