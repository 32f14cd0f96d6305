import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsIsoDate } from '../../shared/iso-date';

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
