import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoTimestamp, PageQuery } from '@pp/core';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  footprintId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The user or API key that acted' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'organisation.update' })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'must look like entity.verb, e.g. organisation.update' })
  action?: string;

  @ApiPropertyOptional({ example: 'organisation' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries at or after this time' })
  @IsOptional()
  @IsIsoTimestamp()
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Entries before this time' })
  @IsOptional()
  @IsIsoTimestamp()
  until?: string;
}
