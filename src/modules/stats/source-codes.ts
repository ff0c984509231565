/**
 * The zone codes whose cubes answered one `stats` selection: its own code, or its predecessors'
 * where it did not exist in a cube's geography. `sourceCodes` reports them once the figures asked
 * beside it are read.
 *
 * This is the one mutable model of the schema, and it is safe: a fresh log is made by each
 * `stats` field of each request, never shared. graphql-js calls every resolver of a selection
 * set before awaiting any, so once `sourceCodes` has yielded once, every sibling figure has
 * registered its read here.
 */
export class SourceCodes {
  private readonly reads: Promise<readonly string[]>[] = [];

  /** Registers a figure's read; call it before the figure's first `await`. */
  track<T>(read: Promise<{ value: T; codes: readonly string[] }>): Promise<T> {
    // A failed read counts for nothing here (its field carries the error), and must not be an
    // unhandled rejection when `sourceCodes` is not asked.
    this.reads.push(
      read.then(
        (r) => r.codes,
        () => [],
      ),
    );
    return read.then((r) => r.value);
  }

  /** The codes read by every figure registered, sorted. */
  async settled(): Promise<string[]> {
    await Promise.resolve();
    const codes = new Set((await Promise.all(this.reads)).flat());
    return [...codes].sort();
  }
}
