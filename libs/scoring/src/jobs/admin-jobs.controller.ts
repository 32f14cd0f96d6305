import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ProblemDetails } from '@pp/core';
import { Permission } from '@pp/identity';
import { JobsDto, JobsQuery } from '../dto/job.dto';
import { QueuedJobs } from './queued-jobs';

@ApiTags('admin')
@Controller('admin/jobs')
export class AdminJobsController {
  constructor(private readonly jobs: QueuedJobs) {}

  @Get()
  @Permission('job.read')
  @ApiOperation({ summary: 'Background jobs by state (failed by default): after their retries, failed jobs are kept with their error' })
  @ApiOkResponse({ type: JobsDto })
  @ApiServiceUnavailableResponse({ type: ProblemDetails, description: 'Redis is unreachable' })
  async list(@Query() query: JobsQuery): Promise<JobsDto> {
    const { counts, items } = await this.jobs.list(query.state ?? 'failed', query.queue, query.limit ?? 50);
    return {
      counts,
      items: items.map((job) => ({
        ...job,
        createdAt: job.createdAt.toISOString(),
        processedAt: job.processedAt?.toISOString() ?? null,
        finishedAt: job.finishedAt?.toISOString() ?? null,
      })),
    };
  }
}
