/*
 * The quota of Insee's API gateway (Gravitee): requests per client address in any rolling
 * window, 30 a minute for the real one.
 */

export interface InseeQuota {
  limit: number;
  windowMs: number;
}

/** The gateway's 429 body, naming the quota. */
export function rateLimitBody(quota: InseeQuota): string {
  const period = quota.windowMs % 60_000 === 0 ? `${quota.windowMs / 60_000} minutes` : `${quota.windowMs / 1000} seconds`;
  return JSON.stringify({
    message: `Rate limit exceeded ! You reach the limit of ${quota.limit} requests per ${period}`,
    http_status_code: 429,
  });
}

/** A sliding window of request times per client address. */
export class RollingWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a request unless the client is over its quota. */
  admit(client: string, now = Date.now()): boolean {
    const recent = (this.times.get(client) ?? []).filter((t) => now - t < this.windowMs);
    const admitted = recent.length < this.limit;
    if (admitted) recent.push(now);
    this.times.set(client, recent);
    return admitted;
  }

  clear(): void {
    this.times.clear();
  }
}
