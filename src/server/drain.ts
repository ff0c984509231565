import type { ApolloServerPlugin } from '@apollo/server';
import { setTimeout as delay } from 'node:timers/promises';
import type { ExportSlots } from './export/slots.js';
import type { HttpServer } from './http.js';

/**
 * How long the exports cut at the end of the grace have to write their marker and end, before
 * every connection is closed: the marker is one row, the end of a zip a few kilobytes.
 */
const LAST_WORDS_MS = 2000;

/**
 * Stopping the HTTP server when Apollo stops (app.close(), at SIGTERM): no new connection is
 * taken, and the requests in flight are answered. Apollo's Fastify integration gives them a fixed
 * 10 s and then drops every socket, which cut a long export mid-row with no trailer. Here the
 * exports get EXPORT_SHUTDOWN_GRACE_S; past it each one is stopped (ExportSlots.cutAll) and ends
 * as a limit ends it, with its `#export incomplete` row (its NDJSON line, its xlsx row) and its
 * trailer, and only then are the connections left open closed.
 */
export function drainWithGrace(app: HttpServer, graceS: number, slots: ExportSlots): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          const grace = new AbortController();
          const cut = delay(graceS * 1000, undefined, { signal: grace.signal }).then(
            async () => {
              slots.cutAll(`the server shut down before the end of the export (EXPORT_SHUTDOWN_GRACE_S: ${graceS} s)`);
              await Promise.race([slots.idle(), delay(LAST_WORDS_MS)]);
              app.server.closeAllConnections();
            },
            () => undefined, // closed within the grace
          );
          await app.close();
          grace.abort();
          await cut;
        },
      };
    },
  };
}
