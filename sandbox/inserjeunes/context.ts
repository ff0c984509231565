import type { FastifyRequest } from 'fastify';
import { lastValue, type Query } from '../http/query.js';
import { verifyJwt } from '../jwt.js';
import { HttpError } from './errors.js';
import { OmogenGateway } from './omogen.js';
import type { InserJeunesWorld } from './world.js';

/** What the route modules of the InserJeunes simulator share (see app.ts). */
export interface InserJeunesContext {
  world: InserJeunesWorld;
  /** Throws the API's 401 unless the request carries a valid credential (or came through the gateway). */
  requireCredential(request: FastifyRequest): void;
}

/** The legacy host's credentials: its shared key, or a JWT from its own login. */
export interface LegacyCredentials {
  apiKey: string;
  jwtSecret: string;
}

/** `?apiKey=` is moved into the header before validation, so it never counts as unknown. */
function credentialOf(request: FastifyRequest): string | undefined {
  const query = request.query as Query;
  const fromQuery = lastValue(query, 'apiKey');
  delete query.apiKey;
  const header = request.headers['x-api-key'];
  const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  return fromQuery ?? (typeof header === 'string' ? header : undefined) ?? bearer;
}

/** The credential check of {@link InserJeunesContext}. */
export function credentialChecker(legacy: LegacyCredentials): InserJeunesContext['requireCredential'] {
  return (request) => {
    // Behind the gateway the API checks nothing itself: the gateway already checked the token.
    if (OmogenGateway.isBehind(request)) return;
    const credential = credentialOf(request);
    const valid =
      credential !== undefined && (credential === legacy.apiKey || verifyJwt(credential, legacy.jwtSecret)?.iss === 'exposition-ij');
    if (!valid) throw new HttpError(401, { statusCode: 401, error: 'Unauthorized', message: 'Not authorized' });
  };
}
