import type { FairQuotaQueue } from './fair-queue.js';
import type { RetryWindow } from './retry-policy.js';
import type { SourceSettings } from './settings.js';

/** Retry-After beyond this is not waited for: the request fails as rate-limited instead. */
export const MAX_RETRY_AFTER_MS = 5000;

/**
 * How long one call (its waits, attempts and the backoffs between them) may last: every attempt
 * its timeout and every retry its longest wait. No retry starts past it, and no wait for a slot
 * ends after it, so a call always ends, and gives its slot back, soon after.
 */
export function callBudgetMs(settings: Pick<SourceSettings, 'timeoutMs' | 'retries'>): number {
  return (settings.retries + 1) * settings.timeoutMs + settings.retries * MAX_RETRY_AFTER_MS;
}

/**
 * The concurrency slot of one upstream call, across its attempts. It is given back while the call
 * waits before a retry (a backoff, a Retry-After), so that a source whose calls all fail at once
 * does not have all its slots held by calls that only wait, and taken again, in turn with the
 * other calls, for the retry. The first attempt's quota slot comes with the slot (`prepaid`);
 * a retry takes both again.
 */
export class CallSlot implements RetryWindow {
  /** Whether the next attempt is the first, whose quota slot came with `take`. */
  private prepaid = true;
  private held = false;

  constructor(
    private readonly queue: FairQuotaQueue,
    private readonly client: string | undefined,
    /** When the call's time is up (ms since epoch). */
    readonly deadline: number,
  ) {}

  /** Waits for a concurrency and a quota slot, at most until the call's deadline. */
  async take(): Promise<void> {
    await this.queue.acquire(this.client, true, this.deadline);
    this.held = true;
  }

  /** Gives the concurrency slot back, if held (once only, whoever asks). */
  giveBack(): void {
    if (!this.held) return;
    this.held = false;
    this.queue.release();
  }

  /** Before an attempt: the first one's slots are paid; a retry waits for its turn again. */
  async beforeAttempt(): Promise<void> {
    if (this.prepaid) this.prepaid = false;
    else if (this.held) await this.queue.acquire(this.client, false, this.deadline);
    else await this.take();
  }
}
