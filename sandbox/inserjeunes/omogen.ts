import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The Education ministry's API gateway ("Omogen"), in front of the exposition API since
 * 2026-01-31: the data routes live under this prefix, and the gateway, not the API, checks the
 * caller. Evidence: labonnealternance `server/src/common/apis/inserjeunes/inserjeunes.client.ts`
 * and 1j1s-front `apiTrajectoiresProTokenAgent.ts` (February 2026).
 */
export const OMOGEN_PREFIX = '/exposition-inserjeunes-insersup';

export interface OmogenOptions {
  clientId: string;
  clientSecret: string;
  /** The gateway key, sent as `X-Omogen-Api-Key` when asking for a token. */
  apiKey: string;
  /** Lifetime of the tokens it hands out, in seconds (`expires_in`). */
  tokenLifetimeS: number;
}

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * OAuth2 client credentials on `POST /auth/token`, and a bearer check on every route under
 * {@link OMOGEN_PREFIX}. Omogen's own error bodies are not public: these follow RFC 6749
 * (`{"error": "invalid_client"}`, the body labonnealternance's tests assume).
 */
export class OmogenGateway {
  /** Token → expiry (ms since epoch). Opaque tokens, as the gateway's are to its clients. */
  private readonly tokens = new Map<string, number>();

  constructor(private readonly options: OmogenOptions) {}

  install(app: FastifyInstance): void {
    app.post('/auth/token', async (request, reply) => this.issue(request, reply));
    // onRequest runs before the simulator's memo of answers, so an expired token never gets a
    // remembered 200; the sandbox controls' own hook runs first, so refused calls are counted.
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith(`${OMOGEN_PREFIX}/`)) return undefined;
      if (this.valid(request)) return undefined;
      return reply.code(401).type('application/json').send({ error: 'invalid_token' });
    });
  }

  /** Whether a request went through the gateway (its bearer was checked on the way in). */
  static isBehind(request: FastifyRequest): boolean {
    return request.url.startsWith(`${OMOGEN_PREFIX}/`);
  }

  private valid(request: FastifyRequest): boolean {
    const token = request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const expiry = token === undefined ? undefined : this.tokens.get(token);
    return expiry !== undefined && expiry > Date.now();
  }

  private issue(request: FastifyRequest, reply: FastifyReply) {
    // Fastify lower-cases header names: `X-Omogen-Api-Key`, `x-Omogen-api-key`… all arrive here.
    if (!sameSecret(request.headers['x-omogen-api-key'], this.options.apiKey)) {
      return reply.code(401).send({ error: 'invalid_client' });
    }
    if (!String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return reply.code(400).send({ error: 'invalid_request' });
    }
    const form = (request.body ?? {}) as Record<string, unknown>;
    if (form.grant_type !== 'client_credentials') {
      return reply.code(400).send({ error: form.grant_type === undefined ? 'invalid_request' : 'unsupported_grant_type' });
    }
    if (!sameSecret(form.client_id, this.options.clientId) || !sameSecret(form.client_secret, this.options.clientSecret)) {
      return reply.code(401).send({ error: 'invalid_client' });
    }
    const now = Date.now();
    for (const [token, expiry] of this.tokens) if (expiry <= now) this.tokens.delete(token);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, now + this.options.tokenLifetimeS * 1000);
    return { access_token: token, expires_in: this.options.tokenLifetimeS, token_type: 'Bearer' };
  }
}
