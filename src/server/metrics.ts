import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * A metric's series by their label values, each looked up once: prom-client hashes the labels
 * object on every `observe({…})`, a measurable share of a cheap request. The values are bounded
 * (routes, methods, statuses, known operation names), and so is this map.
 */
function seriesOf<T>(child: (...values: string[]) => T): (...values: string[]) => T {
  const known = new Map<string, T>();
  return (...values) => {
    const key = values.join('\u0000');
    let series = known.get(key);
    if (series === undefined) known.set(key, (series = child(...values)));
    return series;
  };
}

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
  const durationOf = seriesOf((operation) => duration.labels(operation));
  const requestsOf = seriesOf((operation, outcome) => requests.labels(operation, outcome));
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, response, operationName }) {
          const operation = operationLabel(operationName ?? request.operationName, knownOperations);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const outcome = !body?.errors?.length ? 'ok' : body.data ? 'partial' : 'error';
          durationOf(operation).observe((performance.now() - started) / 1000);
          requestsOf(operation, outcome).inc();
        },
      };
    },
  };
}

/** HTTP request durations by route, method and status: `durationOf(route, method, status).observe(seconds)`. */
export function httpMetrics(registry: Registry) {
  const histogram = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return seriesOf((route, method, status) => histogram.labels(route, method, status));
}
