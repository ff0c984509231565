import type { FastifyReply, FastifyRequest } from 'fastify';
import { addVary } from '../../caching/vary.js';
import type { HttpServer } from '../http.js';
import { answer, JSON_TYPE, type ODataDeps } from './answer.js';
import { odc, pbids } from './connect.js';
import { ODataError, sendError } from './errors.js';
import { metadataJson, metadataXml, serviceDocument } from './metadata.js';
import { buildModel } from './model.js';
import { takesList } from './operation.js';
import { readOf } from './request.js';
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
  const format = (request.query as Record<string, unknown>).$format;
  if (typeof format === 'string') return format.startsWith('json') || format.startsWith('application/json');
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('xml');
}

export function registerOData(app: HttpServer, deps: ODataDeps): void {
  const model = buildModel(deps.schema);
  const json = metadataJson(model);

  const xml = { '4.0': metadataXml(model, '4.0'), '4.01': metadataXml(model, '4.01') };
  // Every answer of the feed says its version: 4.0 to a client that reads no later.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/odata')) reply.header('odata-version', odataVersion(request));
    done();
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
