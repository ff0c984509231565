import type { SourceName } from '../sources/names.js';

/** Error codes of the public contract for upstream trouble (see README, "Errors"). */
export type UpstreamErrorCode =
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_INVALID_RESPONSE'
  /** The upstream refused our parameters (400/422): the caller's input, as the upstream saw it. */
  | 'BAD_USER_INPUT';

/**
 * A failure of one upstream source. Carries the contract's code and the source, never a
 * credential: messages are written here, not copied from requests.
 */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';

  constructor(
    readonly code: UpstreamErrorCode,
    readonly source: SourceName,
    message: string,
    readonly details: { status?: number; fields?: Record<string, string[]>; notJson?: boolean } = {},
  ) {
    super(message);
  }

  /**
   * Whether the failure says something about the source's health (for the circuit breaker). An
   * answer in the 4xx range is the upstream working as designed (a deleted dataset's 410, a
   * refused parameter), so it never opens the circuit for everyone.
   */
  get countsAgainstSource(): boolean {
    const status = this.details.status;
    if (status !== undefined && status >= 400 && status < 500) return false;
    return this.code === 'UPSTREAM_UNAVAILABLE' || this.code === 'UPSTREAM_TIMEOUT' || this.code === 'UPSTREAM_INVALID_RESPONSE';
  }
}
