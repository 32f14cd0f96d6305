import { ApiProblem } from '../../api/problem';

/** Problems by the id of the form field they belong to, in words a person reads. */
export type FormProblems = Record<string, string>;

/**
 * Turns an error into problems beside fields: `fieldOf` maps the API's field name (e.g.
 * `grants.0.footprintId`) to a field id of the form; a problem naming no field of the form, or an
 * error without field problems (a conflict, an outage), goes to `fallback`, the form's first field.
 */
export function formProblems(
  error: unknown,
  { labels, fallback, fieldOf = (field) => (field in labels ? field : undefined), rowPrefix = (row) => `${row}: ` }: { labels: Record<string, string>; fallback: string; fieldOf?: (apiField: string) => string | undefined; rowPrefix?: (row: number) => string },
): FormProblems {
  const problem = error instanceof ApiProblem ? error.problem : undefined;
  const found: FormProblems = {};
  for (const item of problem?.errors ?? []) {
    const mapped = fieldOf(item.field);
    const id = mapped ?? fallback;
    const where = item.row === undefined ? '' : rowPrefix(item.row);
    // A field the form lacks keeps the API's name for it: the fallback's label would name the wrong thing.
    const sentence = `${where}${(mapped && labels[mapped]) ?? item.field} ${item.problem}`;
    found[id] = found[id] ? `${found[id]}; ${sentence}` : sentence;
  }
  if (Object.keys(found).length === 0) found[fallback] = problem?.detail ?? (error instanceof Error ? error.message : String(error));
  return found;
}
