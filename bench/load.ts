/**
 * The load generator, in its own process (pinned to its own core by bench/run.ts): autocannon
 * against one GraphQL request, checking every response body against the expected one.
 * Argument: a JSON object { url, body, expectBody?, connections, durationS }.
 */
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]!) as { url: string; body: string; expectBody?: string; connections: number; durationS: number };
const result = await autocannon({
  url: options.url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: options.body,
  connections: options.connections,
  duration: options.durationS,
  ...(options.expectBody ? { expectBody: options.expectBody } : {}),
});
console.log(
  JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: (result as unknown as { mismatches?: number }).mismatches ?? 0,
  }),
);
