import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../export/formats';

export const DEFAULT_BI_PAGE_SIZE = 100;
export const MAX_BI_PAGE_SIZE = 1000;

const PERIOD = /^\d{4}-Q[1-4]$/;
/** A footprint's ONS code (E54000008), an ICB's ODS code (QYG), or its id. */
const FOOTPRINT_REF = /^([A-Z0-9]{3,9}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** `a,b` or repeated parameters, as a list of trimmed, non-empty values. */
export function commaList({ value }: { value: unknown }): unknown {
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((v) => typeof v === 'string')) return value;
  return (values as string[]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/** Order, paging and format: what every BI list endpoint takes. */
export class BiListQuery {
  @ApiPropertyOptional({ description: 'Order within each footprint; prefix with - for descending. Footprints come in code order (reversed when descending).' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  sort?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_BI_PAGE_SIZE, default: DEFAULT_BI_PAGE_SIZE, description: 'Rows per JSON page; exports stream every row' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_BI_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor: follow the `Link: rel="next"` header (or `nextCursor`)' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;

  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    description: 'json: a page; csv or ndjson: the whole result streamed. Overrides the Accept header (text/csv, application/x-ndjson).',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  @ApiPropertyOptional({
    description:
      "Only these columns, comma-separated, in every format (default: every column). They come in the endpoint's column order; a column the anonymity gate sets (`suppressed`, `…_suppressed`) always comes too. An unknown name is a 400 naming it.",
    example: 'organisation_id,partner_organisation_id,mean,band',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @ArrayMinSize(1, { message: 'columns must name at least one column' })
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  columns?: string[];
}

/** The filters of every footprint-scoped BI list: which footprints, which periods. */
export class BiQuery extends BiListQuery {
  @ApiPropertyOptional({
    description: 'Footprints to read, by code or id, comma-separated (default: every footprint you may read)',
    example: 'E54000008,QYG',
    type: String,
  })
  @IsOptional()
  @Transform(commaList)
  @ArrayMaxSize(100)
  @Matches(FOOTPRINT_REF, { each: true, message: 'footprint must list footprint codes (E54000008, QYG) or ids' })
  footprint?: string[];

  @ApiPropertyOptional({ description: 'First period included (YYYY-Qn)', example: '2025-Q1' })
  @IsOptional()
  @Matches(PERIOD, { message: 'from must be a period written YYYY-Qn, e.g. 2025-Q1' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last period included (YYYY-Qn)', example: '2026-Q3' })
  @IsOptional()
  @Matches(PERIOD, { message: 'to must be a period written YYYY-Qn, e.g. 2026-Q3' })
  to?: string;
}

/** What the reader needs of any BI query: paging, and the footprints asked for when the rows have any. */
export type ReadQuery = BiListQuery & { footprint?: string[] };
