import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('benchmarks', () => {
  it('run end to end in smoke mode and report every figure (no timing is asserted)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'bench-'));
    await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke'], {
      env: { ...process.env, BENCH_OUT: out },
      timeout: 300_000,
      maxBuffer: 1 << 22,
    });
    const results = JSON.parse(readFileSync(join(out, 'smoke.json'), 'utf8'));
    // Eight resources (Melodi's catalogue among them), and InserJeunes's Omogen token, fetched
    // once by each fresh server.
    expect(results.upstreamRequests['commune-dashboard']).toMatchObject({ cold: 8 + 1, warm: 0, baseline: 8 + 1 });
    // Beside it, the commune-statistics query: the catalogue and one /data call per dataset.
    expect(results.upstreamRequests['commune-statistics']).toMatchObject({ cold: 1 + 7, warm: 0 });
    for (const query of ['commune-dashboard', 'commune-statistics']) expect(results.upstreamRequests[query].coldMs).toBeGreaterThan(0);
    // Each structure's services come from its own detail, batched or not: the list and the
    // Marché are where batching saves calls, so the naive baseline never makes fewer.
    expect(results.upstreamRequests['structures-of-department'].baseline).toBeGreaterThanOrEqual(
      results.upstreamRequests['structures-of-department'].cold,
    );
    // The list, each structure's detail, the Marché's department, and Melodi's catalogue (which
    // says whether the embedded municipal populations are the vintage in force).
    expect(results.upstreamRequests['structures-of-department'].cold).toBe(1 + 50 + 1 + 1);
    // The OData page beside the GraphQL list it maps to: the same rows for the same upstream calls.
    const [odata, list] = Object.values<any>(results.odata);
    expect(odata.wholeListRows).toBe(list.wholeListRows);
    expect(odata.wholeListRows).toBeGreaterThan(100);
    expect(odata.wholeListCalls).toBe(list.wholeListCalls);
    expect(odata.firstPageCalls).toBe(list.firstPageCalls);
    expect(results.stampede.server.perResource).toBe(1);
    expect(results.stampede.server.executions).toBe(1);
    expect(results.stampede.baseline.executions).toBe(100);
    expect(results.stampede.baseline.perResource).toBeGreaterThan(1);
    for (const mode of ['server', 'baseline']) {
      expect(results.latency[mode].p50).toBeGreaterThan(0);
      expect(results.latency[mode].p50).toBeGreaterThan(results.latency.directUpstreamCall.p50 / 2);
      expect(results.memory[mode].idleRssMb).toBeGreaterThan(0);
    }
    // The floor run throws when any of its dashboards reaches an upstream.
    expect(results.latency.answersCached.p50).toBeGreaterThan(0);
    expect(results.latency.server.cpuMsPerDashboard).toBeGreaterThan(0);
    for (const [run, row] of Object.entries<any>(results.throughput)) {
      // The naive baseline may not finish one request in a one-second smoke run.
      if (!run.startsWith('baseline')) expect(row.rps, run).toBeGreaterThan(0);
      expect(row.mismatches, run).toBe(0);
      expect(row.non2xx, run).toBe(0);
    }
    // The calibration contender ran on `{ __typename }`, and every target is reported beside its figure.
    expect(results.throughput['calibration · typename · c50'].rps).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'smoke.md'), 'utf8')).toMatch(/## Targets \(issue 17\)[\s\S]*\| 2\. `\{ __typename \}`/);
    expect(readFileSync(join(out, 'smoke.md'), 'utf8')).toMatch(/## Throughput on one core, warm/);
    expect(readFileSync(join(out, 'smoke.md'), 'utf8')).toMatch(/\| server, every answer already cached \(no upstream call\) \|/);
  }, 300_000);
});
