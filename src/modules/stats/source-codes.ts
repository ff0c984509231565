import type { StatProvenanceModel } from './models.js';

/** What one figure's read gives: its value, the zone codes read, and the Melodi datasets read. */
export interface TrackedRead<T> {
  value: T;
  codes: readonly string[];
  datasets?: readonly StatProvenanceModel[];
}

/**
 * The zone codes whose cubes or observations answered one `stats` selection (its own code, or
 * its predecessors' where it did not exist in a dataset's geography), and the Melodi datasets
 * read for it: `sourceCodes` and `provenance` report them once the figures asked beside them are
 * read.
 *
 * This is the one mutable model of the schema, and it is safe: a fresh log is made by each
 * `stats` field of each request, never shared. graphql-js calls every resolver of a selection
 * set before awaiting any, so once `sourceCodes` or `provenance` has yielded once, every sibling
 * figure has registered its read here.
 */
export class SourceCodes {
  private readonly reads: Promise<Omit<TrackedRead<unknown>, 'value'>>[] = [];

  /** Registers a figure's read; call it before the figure's first `await`. */
  track<T>(read: Promise<TrackedRead<T>>): Promise<T> {
    // A failed read counts for nothing here (its field carries the error), and must not be an
    // unhandled rejection when neither `sourceCodes` nor `provenance` is asked.
    this.reads.push(
      read.then(
        (r) => r,
        () => ({ codes: [] }),
      ),
    );
    return read.then((r) => r.value);
  }

  /** The codes read by every figure registered, sorted. */
  async settled(): Promise<string[]> {
    await Promise.resolve();
    const codes = new Set((await Promise.all(this.reads)).flatMap((r) => r.codes));
    return [...codes].sort();
  }

  /** The Melodi datasets read by every figure registered, once each, by identifier. */
  async provenance(): Promise<StatProvenanceModel[]> {
    await Promise.resolve();
    const byDataset = new Map<string, StatProvenanceModel>();
    for (const read of await Promise.all(this.reads)) for (const entry of read.datasets ?? []) byDataset.set(entry.dataset, entry);
    return [...byDataset.values()].sort((a, b) => a.dataset.localeCompare(b.dataset));
  }
}
