import type { Problem } from './client';

/**
 * A refusal from the API, carrying its problem details (RFC 9457) and status, so a page can put
 * each named field's problem beside that field, or say why a page cannot be shown (403, 404).
 */
export class ApiProblem extends Error {
  constructor(
    readonly problem: Problem | undefined,
    readonly status: number,
  ) {
    super(problem?.detail ?? `HTTP ${status}`);
  }

  /** The fields the API named, e.g. `token`, `password`, `currentPassword`. */
  fields(): Set<string> {
    return new Set(this.problem?.errors?.map((error) => error.field) ?? []);
  }
}

/** The data of a call that answered 2xx; anything else throws its ApiProblem. */
export async function settled<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiProblem(error as Problem | undefined, response.status);
  return data as T;
}

/** Problems by the id of the form field they belong to, in words a person reads. */
export type FormProblems = Record<string, string>;

export interface FormProblemOptions {
  /** The field id for a problem naming no field of the form, or an error naming no field at all (a conflict, an outage). */
  fallback: string;
  /**
   * The form field id of an API field name (e.g. `grants.0.footprintId` → `footprintId`), as a
   * function or a map; by default the API's name when `labels` has it.
   */
  fieldOf?: ((apiField: string) => string | undefined) | Readonly<Record<string, string>>;
  /** How the form names its fields in a sentence; a field without a label keeps the API's name. */
  labels?: Readonly<Record<string, string>>;
  /** What goes before the problem of a row of a file. */
  rowPrefix?: (row: number) => string;
}

/**
 * The API's field problems (or any error), by the id of the form field each belongs to; a problem
 * naming no field of the form goes to `fallback` under the API's name for it, so none is lost, and
 * several problems of one field are joined.
 */
export function formProblems(error: unknown, { fallback, labels = {}, fieldOf = (field) => (Object.hasOwn(labels, field) ? field : undefined), rowPrefix = (row) => `Row ${row}: ` }: FormProblemOptions): FormProblems {
  const problem = error instanceof ApiProblem ? error.problem : undefined;
  const idOf = typeof fieldOf === 'function' ? fieldOf : (field: string) => (Object.hasOwn(fieldOf, field) ? fieldOf[field] : undefined);
  const found: FormProblems = {};
  for (const item of problem?.errors ?? []) {
    const mapped = idOf(item.field);
    const id = mapped ?? fallback;
    const where = item.row === undefined ? '' : rowPrefix(item.row);
    // A field the form lacks keeps the API's name for it: the fallback's label would name the wrong thing.
    const sentence = `${where}${(mapped && labels[mapped]) || item.field} ${item.problem}`;
    found[id] = found[id] ? `${found[id]}; ${sentence}` : sentence;
  }
  if (Object.keys(found).length === 0) found[fallback] = problem?.detail ?? (error instanceof Error ? error.message : String(error));
  return found;
}
