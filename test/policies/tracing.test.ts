import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, describe, expect, it } from 'vitest';
import { startTracing } from '../../src/tracing.js';
import { connectionsFor } from '../helpers/connections.js';
import { useSandbox } from '../helpers/sandbox.js';

const sandbox = useSandbox();
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();
afterAll(async () => {
  await provider.shutdown();
});

describe('tracing', () => {
  it('is off unless an OTLP endpoint is configured, and then starts a provider', async () => {
    expect(await startTracing({})).toBeUndefined();
    // OpenTelemetry refuses a second global registration: this file's provider still records below.
    const stop = await startTracing({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' });
    expect(stop).toBeTypeOf('function');
    await stop!();
  });

  it('records one client span per upstream call, with its outcome, and none for cache hits', async () => {
    const c = connectionsFor(sandbox(), { DATAGOUV_RETRIES: '0' });
    try {
      await c.insee.cube({ dataset: 'POPLEG2020', variables: ['IND_POPLEGALES'], level: 'COM', code: '44109' });
      await c.insee.cube({ dataset: 'POPLEG2020', variables: ['IND_POPLEGALES'], level: 'COM', code: '44109' });
      sandbox().controls.addFault({ source: 'datagouv', kind: 'status', status: 503 });
      await c.datagouv.dataset('budget').catch(() => undefined);
      const spans = exporter.getFinishedSpans();
      expect(spans.map((s) => s.name)).toEqual(['upstream insee', 'upstream datagouv']);
      expect(spans[0]!.attributes).toMatchObject({
        'upstream.source': 'insee',
        'http.response.status_code': 200,
        'url.path': '/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44109.all',
      });
      expect(spans[1]!.status).toMatchObject({ code: 2, message: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      await c.close();
    }
  });
});
