import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'code' })
  field: string;

  @ApiProperty({ example: 'must be an ODS code (3 to 5 letters and digits) or an ONS code (E06000049)' })
  problem: string;

  @ApiPropertyOptional({ example: 3, description: 'Row of an uploaded file, counting from 1 after the header' })
  row?: number;
}

/** RFC 9457 problem details: the one error shape of the whole API. */
export class ProblemDetails {
  @ApiProperty({ example: 'about:blank' })
  type: string;

  @ApiProperty({ example: 'Bad Request' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request has invalid fields' })
  detail: string;

  @ApiProperty({ example: '/api/v1/organisations' })
  instance: string;

  @ApiProperty({ example: '0b7e6c52-7bb4-4d2a-9a61-1f2c1cf3d3a1' })
  requestId: string;

  @ApiPropertyOptional({ type: [FieldProblemDto] })
  errors?: FieldProblemDto[];

  @ApiPropertyOptional({
    example: 'pulse_link_used',
    description:
      'Names the problem where a client must tell cases apart that share a status: `pulse_link_missing`, `pulse_link_unknown`, ' +
      '`pulse_link_expired` (401), `pulse_link_used` (409) and `round_not_open` (409). Absent otherwise',
  })
  code?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
