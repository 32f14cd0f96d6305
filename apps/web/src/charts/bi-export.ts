import { api } from '../api/client';

/** The BI exports a chart's CSV comes from: the same read models, columns and gate as BI tools (docs/bi.md). */
export type BiExport = '/api/v1/bi/scores' | '/api/v1/bi/trends' | '/api/v1/bi/distributions' | '/api/v1/bi/response-rates' | '/api/v1/bi/rounds' | '/api/v1/bi/alerts' | '/api/v1/bi/members' | '/api/v1/bi/drivers' | '/api/v1/bi/actions';

/** Filters of a BI export, as the API takes them (lists comma-separated). */
export type BiFilters = Record<string, string | number | boolean | readonly string[] | undefined>;

function queryOf(filters: BiFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(filters)) {
    if (value === undefined) continue;
    query[name] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return { ...query, format: 'csv' };
}

/** The export's address with its filters: what the link shows and what a BI tool would call. */
export function biExportUrl(path: BiExport, filters: BiFilters): string {
  return `${path}?${new URLSearchParams(queryOf(filters)).toString()}`;
}

/**
 * Fetches the CSV through the API client (the session's token rides in a header, which a plain link
 * cannot send) and hands it to the browser as a download named `filename`.
 */
export async function downloadBiCsv(path: BiExport, filters: BiFilters, filename: string): Promise<void> {
  // One path at a time keeps openapi-fetch's typing simple; every BI list takes the same query shape.
  const { data, error } = await api.GET(path as '/api/v1/bi/scores', { params: { query: queryOf(filters) as never }, parseAs: 'blob' });
  if (error || !data) throw new Error((error as { detail?: string } | undefined)?.detail ?? 'The export failed');
  const url = URL.createObjectURL(data as Blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Released after the browser has taken the file.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
