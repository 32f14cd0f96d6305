import { CsvError, parse } from 'csv-parse/sync';

export type CsvReading = { records: string[][] } | { problem: string };

/**
 * The cells of a CSV file, trimmed. Short rows are allowed (ODS files and spreadsheets drop
 * trailing empty cells); long rows, bad quoting and the like are reported, not guessed at.
 */
export function readCsv(text: string): CsvReading {
  try {
    const records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count_less: true,
    }) as string[][];
    return { records };
  } catch (error) {
    if (error instanceof CsvError) return { problem: error.message };
    throw error;
  }
}
