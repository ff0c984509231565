import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * Issue 23, point 1: a burst of upstream failures must not stall a source until restart. Ten
 * structure reads at once (more than data·inclusion's eight concurrency slots) while it answers
 * 503: their retries used to wait in the fair queue behind calls that needed a slot, holding the
 * slots those calls waited for, so that every later data·inclusion call hung for good while
 * /readyz said all was well.
 */
const sandbox = useSandbox({ inseeQuota: { limit: 100_000, windowMs: 60_000 } });
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  expect(unhandled).toEqual([]);
});

const DEPARTMENTS = ['01', '13', '29', '33', '35', '44', '59', '67', '69', '75'];
const STRUCTURES =
  'query ($department: String!) { structures(filter: { department: $department }, first: 5) { totalCount nodes { id name } } }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A structure read over HTTP; bounded, so that a hung call fails the test instead of hanging it. */
async function readStructures(url: string, department: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: STRUCTURES, variables: { department } }),
    signal: AbortSignal.timeout(25_000),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: any }[] } };
}

async function dataInclusionState(url: string): Promise<unknown> {
  const readiness = (await (await fetch(`${url}/readyz`)).json()) as { upstreams: Record<string, { state?: unknown }> };
  return readiness.upstreams['data-inclusion']?.state;
}

describe('a burst of upstream failures', () => {
  it('does not stall the source: its calls answer again once it recovers, and /readyz says how it is meanwhile', async () => {
    // A short breaker reset, so that the recovery is seen soon after the fault ends.
    server = await startServer(sandbox(), { BREAKER_RESET_MS: '500' });
    const { url } = server;
    const fault = sandbox().controls.addFault({ source: 'data-inclusion', kind: 'status', status: 503 });
    const reads = DEPARTMENTS.map((department) => readStructures(url, department));

    const statesDuringFault = new Set<unknown>();
    for (let i = 0; i < 12; i++) {
      await sleep(250);
      statesDuringFault.add(await dataInclusionState(url));
    }
    sandbox().controls.removeFault(fault);

    // Every read of the burst is answered (with data·inclusion's error, or its data if a retry
    // came after the recovery), none hangs.
    for (const { status, body } of await Promise.all(reads)) {
      expect(status).toBe(200);
      if (body.errors) for (const error of body.errors) expect(error.extensions).toMatchObject({ source: 'data-inclusion' });
      else expect(body.data.structures.totalCount).toBeGreaterThan(0);
    }
    // While the source failed, readiness said so.
    expect([...statesDuringFault].some((state) => ['failing', 'open', 'half-open', 'stalled'].includes(state as string))).toBe(true);

    // Once the source answers again, so do its calls (the breaker's probe included), and
    // readiness says the source is well.
    let recovered: Awaited<ReturnType<typeof readStructures>> | undefined;
    for (let i = 0; i < 40 && !recovered; i++) {
      const read = await readStructures(url, '44');
      if (!read.body.errors) recovered = read;
      else await sleep(250);
    }
    expect(recovered?.body.data.structures.totalCount).toBeGreaterThan(0);
    expect(await dataInclusionState(url)).toBe('ok');
  }, 90_000);
});
