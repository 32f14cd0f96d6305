import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDate } from '@pp/core';
import { IsOptional, IsUUID } from 'class-validator';

export class AddMemberDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({ format: 'date', example: '2022-07-01', description: 'First day of membership' })
  @IsIsoDate()
  memberFrom: string;

  @ApiPropertyOptional({ format: 'date', example: null, nullable: true, type: String, description: 'Last day of membership; null while current' })
  @IsOptional()
  @IsIsoDate()
  memberTo?: string | null;
}
