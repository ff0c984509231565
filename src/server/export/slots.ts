import type { FastifyReply } from 'fastify';

/**
 * Exports running at once: an export holds the server for as long as its client reads (seconds,
 * minutes for a slow reader), so that a few clients opening many at once would take every core's
 * time from everyone else. Each client (its API key, else its address) may run
 * EXPORT_MAX_PER_CLIENT at once, and the process EXPORT_MAX_CONCURRENT; beyond, an export is
 * refused at once (429 for the client's own, 503 for the process's), with `Retry-After`. A slot is
 * held from the start of the export until its response closes, whole or cut short.
 */
export interface ExportSlotLimits {
  EXPORT_MAX_PER_CLIENT: number;
  EXPORT_MAX_CONCURRENT: number;
}

/** What a refused export is told: retry in a few seconds, when a running export may have ended. */
export const EXPORT_RETRY_AFTER_S = 5;

export type SlotRefusal = { status: 429 | 503; message: string; code: 'RATE_LIMITED' | 'SERVER_OVERLOADED' };

export class ExportSlots {
  private running = 0;
  private readonly byClient = new Map<string, number>();
  private readonly cutting = new AbortController();
  private readonly whenIdle = new Set<() => void>();

  constructor(private readonly limits: ExportSlotLimits) {}

  /** Aborted when the running exports are to stop (shutdown): each walk ends at it, saying why (its reason). */
  get stop(): AbortSignal {
    return this.cutting.signal;
  }

  /** Stops every running export, at its next page or the page it waits for, with `reason` in its incomplete marker. */
  cutAll(reason: string): void {
    this.cutting.abort(reason);
  }

  /** Resolves once no export runs (their responses closed). */
  idle(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => this.whenIdle.add(resolve));
  }

  /** Takes a slot for `client` until `reply`'s response closes, or says why not. */
  take(client: string, reply: FastifyReply): SlotRefusal | undefined {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.limits.EXPORT_MAX_PER_CLIENT)
      return {
        status: 429,
        code: 'RATE_LIMITED',
        message: `At most ${this.limits.EXPORT_MAX_PER_CLIENT} exports at once per client; retry in ${EXPORT_RETRY_AFTER_S} s`,
      };
    if (this.running >= this.limits.EXPORT_MAX_CONCURRENT)
      return {
        status: 503,
        code: 'SERVER_OVERLOADED',
        message: `The server runs as many exports as it may (${this.limits.EXPORT_MAX_CONCURRENT}); retry in ${EXPORT_RETRY_AFTER_S} s`,
      };
    this.running += 1;
    this.byClient.set(client, mine + 1);
    // 'close' comes once, whether the response ended or the client went away.
    reply.raw.once('close', () => this.release(client));
    return undefined;
  }

  private release(client: string): void {
    this.running -= 1;
    const left = (this.byClient.get(client) ?? 1) - 1;
    if (left > 0) this.byClient.set(client, left);
    else this.byClient.delete(client);
    if (this.running === 0) for (const resolve of this.whenIdle) resolve();
    if (this.running === 0) this.whenIdle.clear();
  }
}
