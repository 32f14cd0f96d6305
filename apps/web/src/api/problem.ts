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
