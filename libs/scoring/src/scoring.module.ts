import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnonymityGate } from './anonymity/anonymity.service';
import { BenchmarkController } from './benchmark/benchmark.controller';
import { BenchmarkReads } from './benchmark/benchmark-reads.service';
import { QuestionDistribution } from './distributions/question-distribution.entity';
import { KeyDriver } from './drivers/key-driver.entity';
import { KeyDriverReads } from './drivers/key-driver-reads.service';
import { KeyDriversController } from './drivers/key-drivers.controller';
import { AdminJobsController } from './jobs/admin-jobs.controller';
import { QueuedJobs } from './jobs/queued-jobs';
import { RoundScoring } from './scores/round-scoring.entity';
import { Score } from './scores/score.entity';
import { ScoreReads } from './scores/score-reads.service';
import { ScoresController } from './scores/scores.controller';

/** The API side of scoring: scores, trends, distributions, key drivers and the national benchmark behind the anonymity gate; failed jobs for admins. */
@Module({
  imports: [TypeOrmModule.forFeature([Score, RoundScoring, QuestionDistribution, KeyDriver])],
  controllers: [ScoresController, KeyDriversController, AdminJobsController, BenchmarkController],
  providers: [AnonymityGate, ScoreReads, KeyDriverReads, QueuedJobs, BenchmarkReads],
  exports: [AnonymityGate, ScoreReads],
})
export class ScoringModule {}
