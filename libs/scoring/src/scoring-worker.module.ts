import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CoreModule, OutboxRelayModule } from '@pp/core';
import { AuditModule } from '@pp/identity';
import { QuestionDistribution } from './distributions/question-distribution.entity';
import { KeyDriver } from './drivers/key-driver.entity';
import { KeyDriverScoring } from './drivers/key-driver-scoring';
import { ScoringProcessor } from './jobs/scoring.processor';
import { RoundAggregatesReader } from './scores/round-aggregates';
import { RoundScoring } from './scores/round-scoring.entity';
import { RoundScoringService } from './scores/round-scoring.service';
import { Score } from './scores/score.entity';
import { ScoreWriter } from './scores/score-writer';

/** The worker side of scoring: the 'scoring' queue's processor and the service that scores a round. */
@Module({
  // CoreModule for the worker's metrics registry; OutboxRelayModule for the queue connection settings.
  imports: [CoreModule, OutboxRelayModule, AuditModule, TypeOrmModule.forFeature([Score, RoundScoring, QuestionDistribution, KeyDriver])],
  providers: [RoundAggregatesReader, ScoreWriter, KeyDriverScoring, RoundScoringService, ScoringProcessor],
  exports: [RoundScoringService],
})
export class ScoringWorkerModule {}
