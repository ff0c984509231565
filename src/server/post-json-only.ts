import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpServer } from './http.js';

/**
 * The one request rule of /graphql, in place of Apollo's CSRF prevention (which asks every GET
 * for a preflight header, something no BI tool or `curl` sends):
 *
 * - a GET is answered to anyone, with no header required: it runs queries only (Apollo refuses a
 *   mutation by GET), and the API holds no ambient credential a cross-site page could borrow
 *   (no cookie, no HTTP authentication; the data.gouv key is a custom header, which a browser
 *   sends cross-site only after a CORS preflight);
 * - a POST must carry a JSON body (`Content-Type: application/json`): the content types a page
 *   can send cross-site without a preflight (a form, `text/plain`) are refused before anything
 *   runs, so that a mutation never runs from a form post.
 *
 * The hot response layer applies the same rule (caching/hot-responses.ts), so that a request gets
 * the same answer whatever was asked before it.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  const essence = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return essence === 'application/json' || /^application\/[\w.+-]*\+json$/.test(essence);
}

export function registerPostJsonOnly(app: HttpServer, path: string): void {
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    if (request.method !== 'POST' || request.routeOptions.url !== path || isJsonContentType(request.headers['content-type'])) return done();
    reply.code(415).send({
      errors: [
        {
          message: 'A POST to /graphql takes a JSON body (Content-Type: application/json); queries may also be sent by GET',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });
}
