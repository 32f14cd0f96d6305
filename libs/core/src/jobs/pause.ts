/** A wait between polls that a shutdown can cut short, so a stopping loop need not sit out its backoff. */
export class Pause {
  private wakeUp: (() => void) | undefined;

  for(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Ends the current wait at once. */
  wake(): void {
    this.wakeUp?.();
  }
}
