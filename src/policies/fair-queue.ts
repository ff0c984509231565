import type { SourceName } from '../sources/names.js';
import { UpstreamError } from './errors.js';
import type { RollingQuota } from './quota.js';

/**
 * The calls of one source waiting to go out, served fairly and never piling up: the source's
 * concurrency cap and quota, in one queue.
 *
 * - Fair: waiting calls are grouped by client (the rate-limit identity of the request they
 *   serve) and served in turn, one call per client, so that a client with hundreds of calls
 *   waiting does not stand before another's one call. Each client also holds at most
 *   `clientShare.limit` slots of any window while another client is present, and
 *   `clientShare.aloneLimit` alone (a rolling sub-quota, kept with the source's in quota.ts, so
 *   that it holds across replicas; the caps are worked out in fair-use.ts).
 * - Bounded: at most `maxLength` calls wait, and `clientMaxLength` of one client; a call waits
 *   for the quota at most `maxWaitMs`. A call that cannot have a slot in time fails at once with
 *   UPSTREAM_RATE_LIMITED, rather than wait for an answer that would come too late.
 *
 * - Never stuck: a call waits for a concurrency slot (a slow upstream) until its deadline at most
 *   (`maxSlotWaitMs`, or the call's own), then fails with UPSTREAM_TIMEOUT; and when a client's
 *   first call waits for a concurrency slot, its later calls that need none (a write, a retry
 *   after a 401) still go in its turn, since they may be what frees a slot.
 *
 * A call is granted its quota slot only when it can go out (a concurrency slot is free), so that
 * it reaches the upstream when the quota counted it. Calls outside any client request (the
 * doctor's probes) form one client of their own.
 */
export interface FairQueueOptions {
  source: SourceName;
  quota: RollingQuota;
  /** Calls in flight at once (per process). */
  concurrency: number;
  maxWaitMs: number;
  /** How long a call may wait for a concurrency slot, when it brings no deadline of its own. */
  maxSlotWaitMs: number;
  maxLength: number;
  clientMaxLength: number;
  clientShare: { limit: number; aloneLimit: number };
  /** Hears of how long a call waited for its slot, in ms. */
  onWait(ms: number): void;
  /** Hears of a call refused (queue full, or no slot in time). */
  onRejected(): void;
}

interface Waiter {
  readonly client: string;
  readonly enqueuedAt: number;
  /** When the call stops waiting, whatever it waits for. */
  readonly deadline: number;
  /** Whether the call takes a concurrency slot (a retry or a write goes out without one). */
  readonly inFlight: boolean;
  /** When the quota first refused it (its wait for the quota is bounded from then), and whose limit. */
  refusedAt?: number;
  refusedBy?: 'source' | 'client';
  resolve(): void;
  reject(error: UpstreamError): void;
}

/** The client of calls made outside any request. */
const NO_CLIENT = '';
/** Replicas that wait for the same slot do not all ask again at the same moment. */
const JITTER_MS = 20;

export class FairQuotaQueue {
  /** Waiting calls by client; the map's order is the turn order (a served client goes last). */
  private readonly waiting = new Map<string, Waiter[]>();
  private length = 0;
  private inFlight = 0;
  private pumping = false;
  /** No slot of the source before this time; none of a client's before its own. */
  private sourceNotBefore = 0;
  private readonly clientNotBefore = new Map<string, number>();
  private wake: (() => void) | undefined;

  constructor(private readonly options: FairQueueOptions) {}

  /** Calls waiting now (all clients). */
  get size(): number {
    return this.length;
  }

  /** Concurrency slots held now. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  /** How long the longest-waiting call has waited, in ms (0 when none waits), for readiness. */
  oldestWaitMs(now: number): number {
    let oldest = now;
    for (const waiters of this.waiting.values()) for (const waiter of waiters) oldest = Math.min(oldest, waiter.enqueuedAt);
    return now - oldest;
  }

  /**
   * Resolves once the call holds a quota slot (and, when `inFlight`, a concurrency slot, to give
   * back with `release()`); rejects with UPSTREAM_RATE_LIMITED when it cannot have a quota slot
   * in time, with UPSTREAM_TIMEOUT when no concurrency slot frees up before `deadline` (the
   * call's), nor within `maxSlotWaitMs`.
   */
  acquire(clientId: string | undefined, inFlight: boolean, deadline = Infinity): Promise<void> {
    const client = clientId ?? NO_CLIENT;
    const own = this.waiting.get(client) ?? [];
    const { maxLength, clientMaxLength, source } = this.options;
    if (this.length >= maxLength || (client !== NO_CLIENT && own.length >= clientMaxLength)) {
      this.options.onRejected();
      const limit = this.length >= maxLength ? `${maxLength} calls` : `${clientMaxLength} calls of one client`;
      return Promise.reject(
        new UpstreamError('UPSTREAM_RATE_LIMITED', source, `Too many calls to ${source} are waiting (at most ${limit}); retry later`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const now = Date.now();
      own.push({ client, enqueuedAt: now, deadline: Math.min(deadline, now + this.options.maxSlotWaitMs), inFlight, resolve, reject });
      this.waiting.set(client, own);
      this.length++;
      this.wake?.();
      void this.pump();
    });
  }

  /** Gives back the concurrency slot of a call acquired `inFlight`, once it is done. */
  release(): void {
    this.inFlight--;
    this.wake?.();
  }

  /** Serves waiting calls until none is left; one pump at a time, so slots are asked for in turn. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.length > 0) {
        const next = this.nextWaiter(Date.now());
        if (next === undefined) {
          await this.sleepUntil(this.nextEvent());
          continue;
        }
        const { client } = next;
        const answer = await this.options.quota.tryAcquire(client === NO_CLIENT ? undefined : { id: client, ...this.options.clientShare });
        // Only the pump takes waiters out, so the one chosen still waits.
        if (answer.granted) {
          this.serve(next);
          continue;
        }
        const now = Date.now();
        const at = now + answer.retryInMs;
        if (answer.scope === 'source') this.sourceNotBefore = at;
        else this.clientNotBefore.set(client, at);
        this.refused(now, at, answer.scope === 'source' ? undefined : client, answer.scope);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Whether a waiter could go out now as far as concurrency goes. */
  private canGo(waiter: Waiter): boolean {
    return !waiter.inFlight || this.inFlight < this.options.concurrency;
  }

  /**
   * The call to serve now: of the first client in turn that has one that can go, its first such
   * call (a call that needs no concurrency slot does not wait behind one that does). Calls past
   * their wait fail first.
   */
  private nextWaiter(now: number): Waiter | undefined {
    this.failHopeless(now, undefined);
    if (this.sourceNotBefore > now) return undefined;
    for (const [client, waiters] of this.waiting) {
      if ((this.clientNotBefore.get(client) ?? 0) > now) continue;
      const waiter = waiters.find((w) => this.canGo(w));
      if (waiter) return waiter;
    }
    return undefined;
  }

  /** When something may change (besides a call released or added): a quota wait or a deadline ends. */
  private nextEvent(): number {
    let next = Infinity;
    for (const [client, waiters] of this.waiting) {
      if (waiters.some((w) => this.canGo(w))) {
        next = Math.min(next, Math.max(this.sourceNotBefore, this.clientNotBefore.get(client) ?? 0));
      }
      for (const waiter of waiters) next = Math.min(next, this.endOfWait(waiter));
    }
    return next;
  }

  /** When a waiter stops waiting: its deadline, or earlier its longest wait for the quota. */
  private endOfWait(waiter: Waiter): number {
    return waiter.refusedAt === undefined ? waiter.deadline : Math.min(waiter.deadline, waiter.refusedAt + this.options.maxWaitMs);
  }

  private serve(waiter: Waiter): void {
    const { client } = waiter;
    const waiters = this.waiting.get(client)!;
    waiters.splice(waiters.indexOf(waiter), 1);
    this.length--;
    if (waiter.inFlight) this.inFlight++;
    // The client's turn is over: it goes last, if it still waits at all.
    this.waiting.delete(client);
    if (waiters.length > 0) this.waiting.set(client, waiters);
    else this.clientNotBefore.delete(client);
    const waited = Date.now() - waiter.enqueuedAt;
    if (waited > 0) this.options.onWait(waited);
    waiter.resolve();
  }

  /**
   * The quota refused a slot until `slotAt` (the source's, or one client's): the calls it holds
   * back wait for the quota from now on, and those that cannot have a slot in time fail at once.
   */
  private refused(now: number, slotAt: number, only: string | undefined, scope: 'source' | 'client'): void {
    for (const [client, waiters] of this.waiting) {
      if (only !== undefined && client !== only) continue;
      for (const waiter of waiters) {
        if (!this.canGo(waiter)) continue;
        waiter.refusedAt ??= now;
        waiter.refusedBy = scope;
      }
    }
    this.failHopeless(slotAt, only);
  }

  /** Fails the waiters (of one client, or all) whose wait ends before `slotAt`. */
  private failHopeless(slotAt: number, only: string | undefined): void {
    const hopeless = (waiter: Waiter) => this.endOfWait(waiter) < slotAt;
    for (const [client, waiters] of this.waiting) {
      if (only !== undefined && client !== only) continue;
      if (!waiters.some(hopeless)) continue;
      const kept = waiters.filter((waiter) => !hopeless(waiter));
      for (const waiter of waiters.filter(hopeless)) this.reject(waiter, slotAt);
      this.length -= waiters.length - kept.length;
      if (kept.length > 0) this.waiting.set(client, kept);
      else {
        this.waiting.delete(client);
        this.clientNotBefore.delete(client);
      }
    }
  }

  private reject(waiter: Waiter, slotAt: number): void {
    const { source, clientShare } = this.options;
    this.options.onRejected();
    if (waiter.refusedAt === undefined) {
      // It never had its turn at the quota: every concurrency slot stayed taken (a slow upstream).
      const waited = Date.now() - waiter.enqueuedAt;
      waiter.reject(
        new UpstreamError('UPSTREAM_TIMEOUT', source, `${source} is busy: no call slot freed up within ${waited} ms; retry later`),
      );
      return;
    }
    const seconds = Math.max(1, Math.ceil((Math.max(slotAt, this.sourceNotBefore) - Date.now()) / 1000));
    const spent =
      waiter.refusedBy === 'client'
        ? `This client's share of the ${source} quota (${clientShare.limit} calls per window) is spent`
        : `The ${source} quota is spent`;
    waiter.reject(new UpstreamError('UPSTREAM_RATE_LIMITED', source, `${spent}; next request possible in ${seconds} s`));
  }

  private sleepUntil(at: number): Promise<void> {
    // Nothing timed to wait for: only a call released or added can change anything.
    const ms = Number.isFinite(at) ? Math.max(1, at - Date.now()) + Math.random() * JITTER_MS : 60_000;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
