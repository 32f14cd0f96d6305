/**
 * Strings numbered 0, 1, 2… in the order first met. The gate works on these numbers, so its working
 * state is typed arrays and arrays of small integers indexed by them rather than maps keyed by uuid
 * strings (a large round's tens of thousands of atoms and units cost a few bytes each, not a string
 * and a map entry in every structure that names them). The one map from a string to its number is here.
 */
export class Interner {
  private readonly ids = new Map<string, number>();

  /** The number of `value`, given it now if it has none. */
  id(value: string): number {
    const known = this.ids.get(value);
    if (known !== undefined) return known;
    const id = this.ids.size;
    this.ids.set(value, id);
    return id;
  }

  /** The number of `value`, or undefined if it was never given one. */
  get(value: string): number | undefined {
    return this.ids.get(value);
  }

  /** How many strings have a number: the next one gets this. */
  get size(): number {
    return this.ids.size;
  }
}
