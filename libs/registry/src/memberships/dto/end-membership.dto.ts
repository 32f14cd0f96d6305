import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDate } from '@pp/core';

export class EndMembershipDto {
  @ApiProperty({ format: 'date', example: '2022-06-30', description: 'Last day of membership (inclusive)' })
  @IsIsoDate()
  memberTo: string;
}
