import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorBodies } from '../controls.js';
import { rateLimitBody, RollingWindow, type InseeQuota } from '../insee/quota.js';
import { catalogue, catalogueEntry } from './catalogue.js';
import { cubeInSlices, zoneVectorsInSlices } from './cube.js';
import { DATASETS, datasetById } from './datasets.js';
import { codeList, rangeOf } from './reference.js';
import { renderData, zonesOnPage } from './render.js';
import { RESERVED, select } from './selection.js';

/*
 * The Melodi simulator (insee-melodi.md §10), served under `/melodi` on the origin of the
 * Données locales one, as the real service sits beside it on api.insee.fr, behind the same kind
 * of gateway (Gravitee) but with its own quota: 30 requests a minute per client address, 429 past
 * it. No credential: a request carrying an Insee API key header is refused (401), as the real
 * service refuses one.
 */

export const MELODI_PREFIX = '/melodi';

/** The recorded answer to an unknown dataset (error_data_unknown_dataset_500_20260106.txt). */
export const UNKNOWN_DATASET = 'Le serveur a rencontré une erreur inattendue.';
const TEXT = 'text/plain;charset=UTF-8';

const gatewayBody = (status: number, message: string) => JSON.stringify({ message, http_status_code: status });

/** Melodi's error bodies, for injected faults too. 429, 401 and 504 bodies are the gateway's (UNCONFIRMED). */
export function melodiErrors(quota: InseeQuota): ErrorBodies {
  return {
    status: (status) =>
      status === 500
        ? { contentType: TEXT, body: UNKNOWN_DATASET }
        : { contentType: 'application/json', body: gatewayBody(status, status === 504 ? 'Request timeout' : 'Error') },
    rateLimited: () => ({ contentType: 'application/json', body: rateLimitBody(quota) }),
    cutsAnswers: true,
  };
}

/** Headers of every recorded answer (§10); the gateway's request id doubles as its transaction id. */
function gatewayHeaders(reply: FastifyReply): void {
  const id = randomUUID();
  reply.headers({
    'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
    expires: '0',
    pragma: 'no-cache',
    vary: 'origin,access-control-request-method,access-control-request-headers,accept-encoding',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'x-xss-protection': '0',
    'x-gravitee-request-id': id,
    'x-gravitee-transaction-id': id,
    'strict-transport-security': ['max-age=31536000', 'max-age=31536000; includeSubDomains'],
    'set-cookie': `INSEE=${id.replace(/-/g, '')}; path=/; Httponly; Secure`,
  });
}

const isTrue = (value: string | undefined) => value?.toLowerCase() === 'true';

/** Default and largest page sizes since January 2026; a larger `maxResult` is clamped, a malformed one ignored (both UNCONFIRMED). */
export const DEFAULT_PAGE = 10_000;
export const MAX_PAGE = 100_000;

/** Registers the simulator's routes on `app` (under MELODI_PREFIX); `resetQuota()` forgets counted requests. */
export function registerMelodi(app: FastifyInstance, quota: InseeQuota): { resetQuota(): void } {
  const window = new RollingWindow(quota.limit, quota.windowMs);
  app.register(
    async (melodi) => {
      melodi.addHook('onRequest', async (request, reply) => {
        gatewayHeaders(reply);
        // The July 2026 recording's cache policy for ranges (set here: memoised answers skip the handler).
        if (request.url.startsWith(`${MELODI_PREFIX}/range/`)) reply.header('cache-control', 'max-age=600, public');
        if (request.headers['x-insee-api-key-integration'] !== undefined) {
          return reply.code(401).type('application/json').send(gatewayBody(401, 'Unauthorized'));
        }
        if (!window.admit(request.ip)) return reply.code(429).type('application/json').send(rateLimitBody(quota));
        return undefined;
      });
      // JSON leaves chunked, without Content-Length, as the service's does.
      melodi.addHook('onSend', async (_request, reply, payload) =>
        Buffer.isBuffer(payload) && reply.getHeader('content-type') === 'application/json' ? Readable.from([payload]) : payload,
      );

      const base = (host: string | undefined) => `http://${host ?? '127.0.0.1'}${MELODI_PREFIX}`;
      const unknown = (reply: FastifyReply) => reply.code(500).type(TEXT).send(UNKNOWN_DATASET);
      // A Buffer keeps the content type as set: Fastify adds a charset to JSON sent as a string.
      const json = (reply: FastifyReply, body: string) =>
        reply.code(200).header('content-type', 'application/json').send(Buffer.from(body));

      // Catalogue entries count observations and ranges list zones: their territories first, in slices.
      melodi.get('/catalog/all', async (request, reply) => {
        for (const dataset of DATASETS) await cubeInSlices(dataset);
        return json(reply, JSON.stringify(catalogue(base(request.headers.host))));
      });
      melodi.get('/catalog/:id', async (request, reply) => {
        const dataset = datasetById((request.params as { id: string }).id);
        if (!dataset) return unknown(reply);
        await cubeInSlices(dataset);
        return json(reply, JSON.stringify(catalogueEntry(dataset, base(request.headers.host))));
      });
      melodi.get('/range/:id', async (request, reply) => {
        const dataset = datasetById((request.params as { id: string }).id);
        if (!dataset) return unknown(reply);
        await cubeInSlices(dataset);
        return json(reply, rangeOf(dataset));
      });
      melodi.get('/rmes/listeCode/:id', async (request, reply) =>
        json(reply, JSON.stringify(codeList((request.params as { id: string }).id))),
      );

      melodi.get('/data/:id', async (request, reply) => {
        const dataset = datasetById((request.params as { id: string }).id);
        if (!dataset) return unknown(reply);
        const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        const params = new URLSearchParams(rawQuery);
        const filters = new Map<string, string[]>();
        for (const [name, value] of params) {
          if (!RESERVED.has(name)) filters.set(name, [...(filters.get(name) ?? []), value]);
        }
        const sizeParam = params.get('maxResult');
        const size = sizeParam === null || !/^\d+$/.test(sizeParam) ? DEFAULT_PAGE : Math.min(Number(sizeParam), MAX_PAGE);
        const pageParam = Number(params.get('page') ?? '1');
        // `first`/`next` echo the request as sent (order, `%2A`), its `page` dropped and re-appended.
        const kept = rawQuery
          .split('&')
          .filter((part) => part !== '' && !part.startsWith('page='))
          .join('&');
        const path = request.url.split('?', 1)[0]!;
        const url = `http://${request.headers.host ?? '127.0.0.1'}${path}${kept ? `?${kept}` : ''}`;
        const cube = await cubeInSlices(dataset);
        const selection = select(cube, filters);
        const page = {
          number: Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1,
          size,
          withCount: isTrue(params.get('totalCount') ?? undefined),
          url,
        };
        await zoneVectorsInSlices(cube, zonesOnPage(selection, page));
        return json(reply, await renderData(cube, selection, page));
      });

      melodi.setNotFoundHandler(async (_request, reply) =>
        reply.code(404).type('application/json').send(gatewayBody(404, 'No context-path matches the request URI.')),
      );
    },
    { prefix: MELODI_PREFIX },
  );
  return { resetQuota: () => window.clear() };
}
