import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import type { SourceName } from '../sources/names.js';
import { callBudgetMs } from './call-slot.js';
import { UpstreamError } from './errors.js';
import type { UpstreamMetrics } from './metrics.js';
import type { RawAnswer, ReadCall, ReadStep } from './read-call.js';
import type { SourceSettings } from './settings.js';

export interface BreakerOptions {
  errorThresholdPercentage: number;
  volumeThreshold: number;
  resetTimeout: number;
}

export type BreakerState = 'closed' | 'half-open' | 'open';

/** A source's circuit breaker around its reads: `fire` one, and what state it is in. */
export interface SourceBreaker {
  fire: ReadStep;
  readonly state: BreakerState;
  /** Stops its timers. */
  shutdown(): void;
}

/**
 * The circuit breaker around every read (opossum): it opens when too many recent calls failed in
 * a way that says the source is unwell (a 401 or our own quota do not), and says so in the
 * metrics and the log.
 */
export function sourceBreaker(
  deps: {
    source: SourceName;
    settings: Pick<SourceSettings, 'timeoutMs' | 'retries'>;
    options: BreakerOptions;
    metrics: UpstreamMetrics;
    logger: Logger;
  },
  work: ReadStep,
): SourceBreaker {
  const { source, settings, options, metrics, logger } = deps;
  const breaker = new CircuitBreaker<[ReadCall], RawAnswer>(work, {
    // A backstop only: a call ends by its own deadline (call-slot.ts), its last attempt's
    // timeout at most after it.
    timeout: callBudgetMs(settings) + 2 * settings.timeoutMs,
    errorThresholdPercentage: options.errorThresholdPercentage,
    volumeThreshold: options.volumeThreshold,
    resetTimeout: options.resetTimeout,
    rollingCountTimeout: 10_000,
    errorFilter: (error: unknown) => !(error instanceof UpstreamError && error.countsAgainstSource),
  });
  metrics.breakerState.set({ source }, 0);
  breaker.on('open', () => {
    metrics.breakerState.set({ source }, 2);
    logger.warn({ source }, 'upstream circuit opened');
  });
  breaker.on('halfOpen', () => metrics.breakerState.set({ source }, 1));
  breaker.on('close', () => {
    metrics.breakerState.set({ source }, 0);
    logger.info({ source }, 'upstream circuit closed');
  });
  return {
    fire: (call) => breaker.fire(call),
    get state() {
      return breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed';
    },
    shutdown: () => breaker.shutdown(),
  };
}
