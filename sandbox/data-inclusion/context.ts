import type { FastifyReply, FastifyRequest } from 'fastify';
import { verifyJwt } from '../jwt.js';
import { geography, slugify } from '../product.js';
import type { DataInclusionWorld } from './world.js';

/** What a token lets its holder see. */
export interface Caller {
  /** Soliguide's rows are shown only to DORA and les emplois (their licence). */
  seesSoliguide: boolean;
}

/** Regions and departments data·inclusion knows (metropolitan France and the five DROM), by code and slug. */
export interface Territories {
  regionCodes: string[];
  regionSlugs: string[];
  regionBySlug: Map<string, string>;
  departmentCodes: string[];
  departmentSlugs: string[];
  departmentBySlug: Map<string, string>;
}

/** What the route modules of the data·inclusion simulator share (see app.ts). */
export interface DataInclusionContext {
  world: DataInclusionWorld;
  territories: Territories;
  /** Checks the bearer token as the API's auth dependency does; answers 401/403 itself and returns undefined. */
  authenticate(request: FastifyRequest, reply: FastifyReply): Caller | undefined;
}

export function visible(caller: Caller, source: string): boolean {
  return caller.seesSoliguide || source !== 'soliguide';
}

/** The token check of {@link DataInclusionContext}: JWTs signed with `jwtSecret`, with the `api` scope. */
export function tokenAuthenticator(jwtSecret: string): DataInclusionContext['authenticate'] {
  return (request, reply) => {
    const header = request.headers.authorization;
    const match = header?.match(/^Bearer\s+(.+)$/i);
    if (!match) {
      void reply.code(401).header('www-authenticate', 'Bearer').send({ detail: 'Not authenticated' });
      return undefined;
    }
    const payload = verifyJwt(match[1]!, jwtSecret);
    if (!payload || typeof payload.sub !== 'string') {
      void reply.code(401).send({ detail: 'Unauthorized' });
      return undefined;
    }
    const scopes = Array.isArray(payload.scopes) ? payload.scopes : [];
    if (!scopes.includes('api')) {
      void reply.code(403).send({ detail: 'Forbidden' });
      return undefined;
    }
    return { seesSoliguide: payload.sub.startsWith('dora-') || payload.sub === 'les-emplois-2025-04-10' };
  };
}

export function territories(): Territories {
  const g = geography();
  const regions = g.regions.filter((r) => r.zone !== 'com');
  const departments = g.departments.filter((d) => d.zone !== 'com');
  return {
    regionCodes: regions.map((r) => r.code),
    regionSlugs: regions.map((r) => slugify(r.name)),
    regionBySlug: new Map(regions.map((r) => [slugify(r.name), r.code])),
    departmentCodes: departments.map((d) => d.code),
    departmentSlugs: departments.map((d) => slugify(d.name)),
    departmentBySlug: new Map(departments.map((d) => [slugify(d.name), d.code])),
  };
}
