import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Length } from 'class-validator';
import type { ApiKey } from '../api-key.entity';
import { footprintIdsOf } from '../api-keys.service';
import { IsIsoTimestamp, IsOmittable, PageOf } from '@pp/core';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Power BI – Cheshire & Merseyside' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Footprints the key may read; a lead may name only footprints they lead' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  footprintIds: string[];

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to one year; at most two years ahead' })
  @IsOmittable()
  @IsIsoTimestamp()
  expiresAt?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ example: 'pp_3kR9xQ2mZa', description: 'The start of the key, to tell keys apart' })
  prefix: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  footprintIds: string[];

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  createdByUserId: string | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Updated at most once a minute' })
  lastUsedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static of(key: ApiKey): ApiKeyDto {
    return {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      footprintIds: footprintIdsOf(key),
      createdByUserId: key.createdByUserId,
      expiresAt: key.expiresAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      createdAt: key.createdAt.toISOString(),
    };
  }
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto })
  apiKey: ApiKeyDto;

  @ApiProperty({ description: 'The key. Shown this once; send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`.' })
  key: string;
}

export class ApiKeyPageDto extends PageOf(ApiKeyDto) {}
