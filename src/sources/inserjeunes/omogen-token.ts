import got, { TimeoutError } from 'got';
import type { Logger } from 'pino';
import { UpstreamError } from '../../policies/errors.js';
import type { UpstreamCredential } from '../../policies/source.js';
import { omogenTokenSchema } from './schemas.js';

export interface OmogenTokenOptions {
  /** `POST` target: the gateway's origin + `/auth/token`. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** The gateway's own key, sent as `X-Omogen-Api-Key` on token requests. */
  apiKey?: string;
  timeoutMs: number;
  /**
   * Further attempts of one token request after a 502/503/504 or a network error (default 1),
   * so that a blip does not fail calls for a whole back-off; never after a 4xx.
   */
  retries?: number;
  logger: Logger;
}

/** Renew this long before `expires_in` runs out: a tenth of the lifetime, at most a minute. */
const RENEWAL_MARGIN_CAP_MS = 60_000;
/** When `expires_in` is missing, assume a short lifetime rather than a wrong long one. */
const DEFAULT_LIFETIME_S = 300;
/**
 * A token fetched because the last one was rejected is not thrown away again for this long: if
 * the gateway refuses this client altogether, calls fail without a token request each.
 */
const REJECTED_HOLD_MS = 10_000;
/** Pause before a token request's retry: short, jittered. */
const RETRY_DELAY_MS = 100;
/** After a failed token request, calls fail fast for this long, doubling up to the cap. */
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 60_000;

/**
 * InserJeunes behind the Education ministry's gateway (Omogen) since 2026-01-31: OAuth2 client
 * credentials exchanged for a bearer token. One token per process, fetched by one request that
 * concurrent calls share, reused until shortly before it expires, forgotten when the API
 * rejects it. A failing token endpoint is not hammered: calls fail fast during a growing
 * back-off. Neither the token nor the secret is ever logged or put in an error.
 */
export class OmogenToken implements UpstreamCredential {
  private token: { value: string; renewAt: number; keptUntil: number } | undefined;
  private inFlight: Promise<string> | undefined;
  /** Whether the next token replaces a rejected one. */
  private replacingRejected = false;
  private failures = 0;
  private blocked: { until: number; error: UpstreamError } | undefined;

  constructor(private readonly options: OmogenTokenOptions) {}

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.current()}` };
  }

  /**
   * The API answered 401 with a token from here: forget it so the next call fetches another.
   * A fetch already under way brings a fresh one anyway, so calls that were sent with the old
   * token and come back while it runs do not start another; and a token that itself replaced a
   * rejected one is kept a while (REJECTED_HOLD_MS).
   */
  rejected(): void {
    if (this.inFlight || !this.token || Date.now() < this.token.keptUntil) return;
    this.token = undefined;
    this.replacingRejected = true;
  }

  private current(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return Promise.resolve(this.token.value);
    if (this.inFlight) return this.inFlight;
    if (this.blocked && Date.now() < this.blocked.until) {
      const { error, until } = this.blocked;
      const seconds = Math.ceil((until - Date.now()) / 1000);
      return Promise.reject(
        new UpstreamError(error.code, 'inserjeunes', `${error.message}; next token request in ${seconds} s`, error.details),
      );
    }
    this.inFlight = this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<string> {
    const { logger } = this.options;
    try {
      const value = await this.request();
      this.failures = 0;
      this.blocked = undefined;
      return value;
    } catch (error) {
      const failure =
        error instanceof UpstreamError
          ? error
          : new UpstreamError('UPSTREAM_UNAVAILABLE', 'inserjeunes', 'inserjeunes token endpoint failed unexpectedly');
      this.failures++;
      const backoffMs = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (this.failures - 1));
      this.blocked = { until: Date.now() + backoffMs, error: failure };
      logger.warn(
        { source: 'inserjeunes', code: failure.code, status: failure.details.status, backoffMs },
        'inserjeunes token request failed; backing off',
      );
      throw failure;
    }
  }

  /** One token request (a bounded retry on a transient failure; the back-off paces the next one), no redirect. */
  private async request(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, apiKey, timeoutMs, retries = 1, logger } = this.options;
    let response;
    try {
      response = await got.post(tokenUrl, {
        form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
        headers: { accept: 'application/json', 'user-agent': 'inclusion-graph/0.1', ...(apiKey ? { 'x-omogen-api-key': apiKey } : {}) },
        timeout: { request: timeoutMs },
        retry: {
          limit: retries,
          methods: ['POST'],
          statusCodes: [502, 503, 504],
          calculateDelay: ({ computedValue }) => (computedValue === 0 ? 0 : RETRY_DELAY_MS * (1 + Math.random())),
        },
        followRedirect: false,
        throwHttpErrors: false,
        responseType: 'text',
      });
    } catch (error) {
      if (error instanceof TimeoutError) {
        throw new UpstreamError('UPSTREAM_TIMEOUT', 'inserjeunes', 'inserjeunes token endpoint did not answer in time');
      }
      // The error object carries the request, form body included: only its code goes out.
      const code = (error as { code?: string }).code ?? 'error';
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'inserjeunes', `inserjeunes token endpoint could not be reached (${code})`);
    }
    const status = response.statusCode;
    if (status === 400 || status === 401 || status === 403) {
      throw new UpstreamError(
        'UPSTREAM_UNAUTHORIZED',
        'inserjeunes',
        `inserjeunes token endpoint rejected the client credentials (${status})`,
        {
          status,
        },
      );
    }
    if (status === 429) {
      throw new UpstreamError('UPSTREAM_RATE_LIMITED', 'inserjeunes', 'inserjeunes token endpoint is rate-limiting requests', { status });
    }
    if (status !== 200) {
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'inserjeunes', `inserjeunes token endpoint answered ${status}`, { status });
    }
    const parsed = omogenTokenSchema.safeParse(parseJson(response.body));
    if (!parsed.success) {
      throw new UpstreamError(
        'UPSTREAM_INVALID_RESPONSE',
        'inserjeunes',
        'inserjeunes token endpoint answered a body that breaks its contract',
      );
    }
    const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    const renewAt = Date.now() + lifetimeMs - Math.min(RENEWAL_MARGIN_CAP_MS, lifetimeMs / 10);
    this.token = { value: parsed.data.access_token, renewAt, keptUntil: this.replacingRejected ? Date.now() + REJECTED_HOLD_MS : 0 };
    this.replacingRejected = false;
    logger.debug({ source: 'inserjeunes', expiresInS: parsed.data.expires_in }, 'inserjeunes token obtained');
    return parsed.data.access_token;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
