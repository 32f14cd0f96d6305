import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { QUEUES, type QueueName } from '@pp/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { JOB_STATES, type JobState } from '../jobs/queued-jobs';

export class JobsQuery {
  @ApiPropertyOptional({ enum: JOB_STATES, default: 'failed' })
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobState;

  @ApiPropertyOptional({ enum: QUEUES, description: 'Every queue when left out' })
  @IsOptional()
  @IsIn(QUEUES)
  queue?: QueueName;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class JobDto {
  @ApiProperty({ enum: QUEUES })
  queue: string;

  @ApiProperty({ example: 'round.score-6f1c…' })
  id: string;

  @ApiProperty({ example: 'round.score' })
  name: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { roundId: '6f1c…' } })
  data: unknown;

  @ApiProperty({ enum: JOB_STATES })
  state: string;

  @ApiProperty()
  attemptsMade: number;

  @ApiProperty({ nullable: true, type: String, example: 'worker-1:4242', description: 'The worker process that ran it last (host:pid)' })
  processedBy: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'The error of the last attempt' })
  failedReason: string | null;

  @ApiProperty({ nullable: true, type: String })
  stacktrace: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  processedAt: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  finishedAt: string | null;
}

export class JobsDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'number' } }, description: 'Jobs per state, per queue' })
  counts: Record<string, Record<string, number>>;

  @ApiProperty({ type: [JobDto], description: 'Most recent first' })
  items: JobDto[];
}
