import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Perimeter } from './perimeters.js';
import type { MarcheWorld, Siae } from './world.js';

/** What the route modules of the Marché simulator share (see app.ts). */
export interface LemarcheContext {
  world: MarcheWorld;
  /** The SIAE the API shows: all but OPCS structures, which it never shows. */
  visibleSiaes: Siae[];
  /** Visible SIAE by SIRET (a SIRET may have several). */
  bySiret: Map<string, Siae[]>;
  perimeters: Perimeter[];
  /** Checks the bearer key as the API does (DRF, French messages unless asked in English); answers 401 itself. */
  authenticate(request: FastifyRequest, reply: FastifyReply): boolean;
}

/** The key check of {@link LemarcheContext}, for the one key the sandbox accepts. */
export function bearerAuthenticator(apiKey: string): LemarcheContext['authenticate'] {
  return (request, reply) => {
    const english = (request.headers['accept-language'] ?? '').toLowerCase().startsWith('en');
    const header = request.headers.authorization ?? '';
    let detail: string | undefined;
    if (!header.startsWith('Bearer ')) {
      detail = english ? 'Authentication credentials were not provided.' : "Informations d'authentification non fournies.";
    } else {
      const token = header.slice('Bearer '.length);
      if (token.length < 64) detail = 'Token too short. Possible security issue detected.';
      else if (!/^[A-Za-z0-9]+$/.test(token)) detail = 'Token contains invalid characters. Possible security issue detected.';
      else if (token !== apiKey) detail = 'Invalid or expired token';
    }
    if (detail === undefined) return true;
    void reply.code(401).header('www-authenticate', 'Bearer realm="api"').send({ detail });
    return false;
  };
}
