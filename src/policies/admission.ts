import type { SourceName } from '../sources/names.js';
import { CallSlot, callBudgetMs } from './call-slot.js';
import { toUpstreamError } from './error-mapping.js';
import type { FairQuotaQueue } from './fair-queue.js';
import type { RawAnswer, ReadCall, ReadStep } from './read-call.js';
import { spendRequestBudget } from './request-context.js';
import type { SourceSettings } from './settings.js';
import type { SourceHealth } from './source-health.js';

export interface AdmissionDeps {
  source: SourceName;
  settings: Pick<SourceSettings, 'timeoutMs' | 'retries'>;
  /** The source's concurrency and quota slots, in turn by client (fair-queue.ts). */
  queue: FairQuotaQueue;
  /** What readiness hears of each call (source-health.ts). */
  health: SourceHealth;
}

/**
 * Admission: a read goes out once it is counted against its request's budget
 * (request-context.ts) and has its turn: a concurrency slot and a quota slot, in turn with other
 * clients' calls, all within the call's deadline, after which its slot is always given back.
 * `attempts` makes the call with its slot (which its retries give back and take again).
 */
export function admitted(deps: AdmissionDeps, attempts: (call: ReadCall, slot: CallSlot) => Promise<RawAnswer>): ReadStep {
  const { source, settings, queue, health } = deps;
  return async (call) => {
    spendRequestBudget(source, call.scope);
    const slot = new CallSlot(queue, call.scope?.client, Date.now() + callBudgetMs(settings));
    return health.watch(slot.deadline + settings.timeoutMs, async () => {
      try {
        await slot.take();
        const answer = await attempts(call, slot);
        health.succeeded();
        return answer;
      } catch (error) {
        health.failed(toUpstreamError(source, error));
        throw error;
      } finally {
        slot.giveBack();
      }
    });
  };
}
