import { windowWithMargin } from './quota.js';
import type { FairUse, SourceSettings } from './settings.js';

const DEFAULT_CLIENT_SHARE = 0.5;

/**
 * A request's budget by default. When the window is longer than a call may wait (Insee's
 * minute), a request's calls all fall in one window: a third of it (Insee: 10 of 30). A shorter
 * window (the per-second limits the server keeps for politeness) is no quota to spend for
 * everyone, but a rate: a request may have what the quota serves within the longest wait (the
 * first window, and those a call can wait for: data·inclusion 100, the others 20 or 10), since
 * calls beyond would fail once they had waited; the fair shares keep others served meanwhile.
 */
export function defaultRequestBudget(quota: SourceSettings['quota'], maxWaitMs: number): number {
  if (quota.windowMs > maxWaitMs) return Math.max(1, Math.floor(quota.limit / 3));
  return quota.limit * (1 + Math.floor(maxWaitMs / windowWithMargin(quota.windowMs)));
}

/**
 * The fair use of a source, its unset parts by default: a client holds at most half the window;
 * a window's worth of calls may wait, and at least twice a request's budget (so that, with a
 * share of half, one client's request within its budget always finds room, and another's too).
 */
export function fairUseOf(settings: SourceSettings, maxWaitMs: number): FairUse {
  const given = settings.fairUse ?? {};
  const requestBudget = given.requestBudget ?? defaultRequestBudget(settings.quota, maxWaitMs);
  return {
    requestBudget,
    clientShare: given.clientShare ?? DEFAULT_CLIENT_SHARE,
    maxQueue: given.maxQueue ?? Math.max(settings.quota.limit, 2 * requestBudget),
  };
}

/**
 * The slots of a window one client may hold: its share while another client is present, more
 * when alone. Alone, it may use a short window whole (a newcomer waits it out, then has its
 * share); of a window longer than a call may wait (Insee's minute), it leaves a third of the
 * others' share free, so that a newcomer finds slots at once (Insee: 15 with others, 25 alone).
 */
export function clientCapsOf(quota: SourceSettings['quota'], share: number, maxWaitMs: number): { limit: number; aloneLimit: number } {
  const limit = Math.max(1, Math.floor(quota.limit * share + 1e-9));
  if (quota.windowMs <= maxWaitMs) return { limit, aloneLimit: quota.limit };
  return { limit, aloneLimit: Math.max(limit, quota.limit - Math.ceil((quota.limit - limit) / 3)) };
}

/** How many calls of a source may wait: all clients together, and one client (its share, and at least one request's budget). */
export function queueBoundsOf(settings: SourceSettings, fairUse: FairUse, maxWaitMs: number) {
  const { maxQueue, requestBudget, clientShare } = fairUse;
  return {
    maxLength: maxQueue,
    clientMaxLength: Math.min(maxQueue, Math.max(requestBudget, Math.ceil(maxQueue * clientShare))),
    clientShare: clientCapsOf(settings.quota, clientShare, maxWaitMs),
  };
}
