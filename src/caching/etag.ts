import { hash } from 'node:crypto';

/**
 * The hash of a body's ETag: sha1 in base64, as @fastify/etag's default, in one call rather than
 * through a Hash object per body. The plugin takes it as its `hashFn` (server/http.ts) and the hot
 * layer uses it for the rare entry whose reply has no ETag yet, so both give a body one ETag.
 */
export function etagHash(body: string | Buffer): string {
  return hash('sha1', body, 'base64');
}
