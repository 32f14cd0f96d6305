export interface StepFailure {
  step: string;
  error: string;
}

/**
 * Runs each step after the one before, whatever happened to it: a step that throws is recorded and
 * the next one still runs, so one footprint's broken schedule never keeps due rounds open.
 */
export async function runInOrder(steps: readonly (readonly [string, () => Promise<void>])[]): Promise<StepFailure[]> {
  const failures: StepFailure[] = [];
  for (const [step, run] of steps) {
    try {
      await run();
    } catch (error) {
      failures.push({ step, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return failures;
}
