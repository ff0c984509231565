import type { SourceName } from '../sources/names.js';
import { UpstreamError } from './errors.js';

/**
 * The client request upstream calls are made for, handed down with each call (GraphQL context →
 * loaders → per-request clients → SourcePolicies), built once with the context and read-only
 * from then on. Not an AsyncLocalStorage: on Node 20 one
 * enabled store makes every promise of the process pay an async hook, about a twelfth of a cheap
 * request's CPU time.
 */
export interface RequestScope extends RequestIdentity {
  /**
   * Upstream calls the request may make, per source (graphql/upstream-budget.ts). Fixed with the
   * scope, before any call: the budget object counts calls down, but is never swapped or unset.
   */
  readonly upstreamBudget?: UpstreamBudget;
}

/** Who a request is: what the HTTP layer knows of it before GraphQL builds its scope. */
export interface RequestIdentity {
  /** Sent along, so that the call can be followed into the upstream's logs. */
  readonly requestId: string;
  /** The client's rate-limit identity (API key or address): its fair share of each source's quota. */
  readonly client?: string;
}

/**
 * The upstream calls one request may still make, per source. The estimate before execution
 * refuses a request that would exceed them; this count holds even where the estimate is wrong.
 */
export class UpstreamBudget {
  private readonly spent = new Map<SourceName, number>();

  constructor(readonly limits: Readonly<Record<SourceName, number>>) {}

  /** Counts one call to the source; false (and nothing counted) when its budget is spent. */
  take(source: SourceName): boolean {
    const spent = this.spent.get(source) ?? 0;
    if (spent >= this.limits[source]) return false;
    this.spent.set(source, spent + 1);
    return true;
  }

  spentOn(source: SourceName): number {
    return this.spent.get(source) ?? 0;
  }
}

/**
 * Counts a call against the budget of the request it serves (graphql/upstream-budget.ts): the
 * estimate before execution may be wrong, this count is not. Past the budget, the call fails.
 */
export function spendRequestBudget(source: SourceName, scope: RequestScope | undefined): void {
  const budget = scope?.upstreamBudget;
  if (!budget || budget.take(source)) return;
  throw new UpstreamError(
    'UPSTREAM_RATE_LIMITED',
    source,
    `This request has made the ${budget.limits[source]} calls to ${source} one request may make; ask for fewer items (a smaller \`first\`, then page with \`after\`) or fewer aliases`,
  );
}
