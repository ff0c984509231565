import type { FastifyReply, FastifyRequest } from 'fastify';
import { addVary } from '../../caching/vary.js';
import type { HttpServer } from '../http.js';
import { answer, JSON_TYPE, type ODataDeps } from './answer.js';
import { odc, pbids } from './connect.js';
import { ODataError, odataErrorBody, sendError } from './errors.js';
import { metadataJson, metadataXml, serviceDocument } from './metadata.js';
import { buildModel } from './model.js';
import { takesList } from './operation.js';
import { readOf, systemOptionName } from './request.js';
import { odataVersion } from './version.js';

/**
 * The OData v4.01 service at /odata/, for BI tools' own connector ("OData feed" in Power BI, Excel,
 * Tableau, Qlik): the schema's lists as entity sets (model.ts), each read run as a GraphQL
 * operation through Apollo, so the same limits, budgets, quotas and caches apply.
 */
export type { ODataDeps } from './answer.js';

/** The service root as the client reached it (Fastify reads X-Forwarded-* only from trusted proxies: TRUST_PROXY). */
const serviceRootOf = (request: FastifyRequest) => `${request.protocol}://${request.host}/odata`;

/** CSDL JSON on `$format=json` or an `Accept` that prefers JSON to XML; XML otherwise (what Power BI reads). */
function wantsJson(request: FastifyRequest): boolean {
  const format = Object.entries(request.query as Record<string, unknown>).find(([name]) => systemOptionName(name) === '$format')?.[1];
  if (typeof format === 'string') return format.startsWith('json') || format.startsWith('application/json');
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('xml');
}

const isFeed = (url: string) => /^\/odata(\/|\?|$)/.test(url);

/**
 * The feed's answers say their OData version, errors included: those answered before the route runs
 * (rate limit, load shedding, a body too large or of the wrong type) are rewritten in OData's
 * shape here, in one place, their status and `Retry-After` kept.
 */
function registerFeedHeaders(app: HttpServer): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (isFeed(request.url)) reply.header('odata-version', odataVersion(request));
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!isFeed(request.url) || reply.statusCode < 400) return done(null, payload);
    reply.header('odata-version', odataVersion(request));
    const body = typeof payload === 'string' ? odataErrorBody(payload) : undefined;
    if (body === undefined) return done(null, payload);
    reply.type('application/json; charset=utf-8');
    done(null, body);
  });
}

export function registerOData(app: HttpServer, deps: ODataDeps): void {
  const model = buildModel(deps.schema);
  const json = metadataJson(model);

  const xml = { '4.0': metadataXml(model, '4.0'), '4.01': metadataXml(model, '4.01') };
  // Every answer of the feed says its version: 4.0 to a client that reads no later.
  registerFeedHeaders(app);
  // The feed is read-only: a write is told so, rather than answered as a route that does not exist.
  app.route({
    method: ['POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/odata/*',
    handler: async (_request, reply) =>
      sendError(reply.header('allow', 'GET'), 405, 'METHOD_NOT_ALLOWED', 'The feed is read-only: its entity sets are read with GET'),
  });

  const serviceDocumentRoute = async (request: FastifyRequest, reply: FastifyReply) =>
    reply.type(JSON_TYPE).send(serviceDocument(model, serviceRootOf(request)));
  app.get('/odata', serviceDocumentRoute);
  app.get('/odata/', serviceDocumentRoute);

  app.get('/odata/connect.pbids', async (request, reply) =>
    reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="inclusion-graph.pbids"')
      .send(pbids(`${serviceRootOf(request)}/`)),
  );
  app.get('/odata/connect.odc', async (request, reply) =>
    reply
      .type('text/x-ms-odc; charset=utf-8')
      .header('content-disposition', 'attachment; filename="inclusion-graph.odc"')
      .send(odc(`${serviceRootOf(request)}/`)),
  );

  app.get('/odata/*', async (request, reply) => {
    const raw = request.url.slice('/odata/'.length);
    const mark = raw.indexOf('?');
    const path = mark < 0 ? raw : raw.slice(0, mark);
    const query = mark < 0 ? '' : raw.slice(mark + 1);
    if (path === '$metadata') {
      addVary(reply, ['Accept']);
      return wantsJson(request)
        ? reply.type('application/json; charset=utf-8').send(json)
        : reply.type('application/xml; charset=utf-8').send(xml[odataVersion(request)]);
    }
    try {
      const read = readOf(model, path, query, (set, argument) => takesList(deps.schema, set.list, argument));
      return await answer(deps, model, request, reply, read, { base: serviceRootOf(request), path, query });
    } catch (error) {
      if (error instanceof ODataError) return sendError(reply, error.status, error.code, error.message, error.target);
      throw error;
    }
  });
}
