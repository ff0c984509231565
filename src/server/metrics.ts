import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Operation names are the client's own choice: labelled by name only when they are the
 * contract's client queries, every other name folded into `other`, so that no caller can grow
 * the metrics (one series per name) by sending new names.
 */
function operationLabel(name: string | null | undefined, known: ReadonlySet<string>): string {
  if (!name) return 'anonymous';
  return known.has(name) ? name : 'other';
}

/** GraphQL request durations and outcomes by operation name (`knownOperations`; others are `other`). */
export function graphqlMetricsPlugin(registry: Registry, knownOperations: ReadonlySet<string>): ApolloServerPlugin {
  const duration = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Duration of GraphQL requests by operation name',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok, partial, error)',
    labelNames: ['operation', 'outcome'],
    registers: [registry],
  });
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, response, operationName }) {
          const operation = operationLabel(operationName ?? request.operationName, knownOperations);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = !body?.errors?.length ? 'ok' : body.data ? 'partial' : 'error';
          duration.observe({ operation }, (performance.now() - started) / 1000);
          requests.inc({ operation, outcome });
        },
      };
    },
  };
}

/** HTTP request durations by route and status. */
export function httpMetrics(registry: Registry) {
  return new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}
