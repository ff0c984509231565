import type { UpstreamError } from './errors.js';

/**
 * What readiness says of one source: `ok`; `failing` when its latest calls all failed in a way
 * that says it is unwell (timeouts, 5xx, unreachable); `stalled` when a call has outlived its
 * deadline or has waited for a slot longer than a call may (the source stopped answering, or the
 * policies in front of it are stuck); `open` or `half-open` with its circuit breaker.
 */
export type SourceState = 'ok' | 'failing' | 'stalled' | 'open' | 'half-open';

/** Failures in a row (no success between) after which a source is `failing`. */
const FAILING_AFTER = 3;

/** The latest failure, for operators (its message may name what went wrong: never public). */
export interface LastError {
  code: string;
  message: string;
  at: string;
}

/** A source's recent calls as readiness sees them: failures in a row, calls in flight and their deadlines. */
export class SourceHealth {
  private failuresInARow = 0;
  private readonly inFlight = new Set<{ deadline: number }>();
  lastError: LastError | undefined;

  /** Runs one call, known to readiness until it ends (a call past its deadline is a stalled source). */
  async watch<T>(deadline: number, work: () => Promise<T>): Promise<T> {
    const call = { deadline };
    this.inFlight.add(call);
    try {
      return await work();
    } finally {
      this.inFlight.delete(call);
    }
  }

  succeeded(): void {
    this.failuresInARow = 0;
  }

  failed(error: UpstreamError): void {
    this.lastError = { code: error.code, message: error.message, at: new Date().toISOString() };
    if (error.countsAgainstSource) this.failuresInARow++;
  }

  /**
   * The state now, given the breaker's and how long the oldest waiting call has waited
   * (`waitedMs`) against the longest a call may wait for a slot (`maxWaitMs`).
   */
  state(breaker: 'closed' | 'half-open' | 'open', waitedMs: number, maxWaitMs: number, now = Date.now()): SourceState {
    if (breaker === 'open') return 'open';
    if (waitedMs > maxWaitMs || [...this.inFlight].some((call) => call.deadline < now)) return 'stalled';
    if (this.failuresInARow >= FAILING_AFTER) return 'failing';
    return breaker === 'half-open' ? 'half-open' : 'ok';
  }
}
