import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DatasetCatalog } from './catalog.js';
import type { DatagouvWorld } from './world.js';

/** Who is calling: anyone without a key, or the sandbox user (a valid key). */
export type Caller = 'anonymous' | 'user';

/** What the route modules of the data.gouv.fr simulator share (see app.ts). */
export interface DatagouvContext {
  world: DatagouvWorld;
  catalog: DatasetCatalog;
  /**
   * Checks the `X-API-KEY` header, on every route, reads included (an empty header is ignored):
   * answers 401 itself and returns undefined when the key is wrong, or missing and `required`.
   */
  caller(request: FastifyRequest, reply: FastifyReply, required: boolean): Caller | undefined;
  /** Drops the memoised GET answers after a write. */
  forget(): void;
}

/** The caller check of {@link DatagouvContext}, for the given API keys. */
export function apiKeyCaller(apiKeys: string[]): DatagouvContext['caller'] {
  return (request, reply, required) => {
    const key = request.headers['x-api-key'];
    if (typeof key === 'string' && key !== '') {
      if (apiKeys.includes(key)) return 'user';
      void reply.code(401).send({ message: 'Invalid API token' });
      return undefined;
    }
    if (!required) return 'anonymous';
    void reply.code(401).header('www-authenticate', 'Bearer realm="uData"').send({
      message:
        "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required.",
    });
    return undefined;
  };
}
