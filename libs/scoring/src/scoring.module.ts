import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnonymityGate } from './anonymity/anonymity.service';
import { QuestionDistribution } from './distributions/question-distribution.entity';
import { AdminJobsController } from './jobs/admin-jobs.controller';
import { QueuedJobs } from './jobs/queued-jobs';
import { RoundScoring } from './scores/round-scoring.entity';
import { Score } from './scores/score.entity';
import { ScoreReads } from './scores/score-reads.service';
import { ScoresController } from './scores/scores.controller';

/** The API side of scoring: scores, trends and distributions behind the anonymity gate; failed jobs for admins. */
@Module({
  imports: [TypeOrmModule.forFeature([Score, RoundScoring, QuestionDistribution])],
  controllers: [ScoresController, AdminJobsController],
  providers: [AnonymityGate, ScoreReads, QueuedJobs],
  exports: [AnonymityGate, ScoreReads],
})
export class ScoringModule {}
