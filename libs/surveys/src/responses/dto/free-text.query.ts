import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@pp/core';
import { IsOptional, IsUUID } from 'class-validator';

export class FreeTextQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}
