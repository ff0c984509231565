import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SourceReport } from '../src/doctor/checks.js';
import { useSandbox } from './helpers/sandbox.js';

/*
 * `npm run doctor` as an operator runs it: a real process, real HTTP to the sandbox standing in
 * for the live APIs, faults injected in the sandbox.
 */
const sandbox = useSandbox();

interface DoctorRun {
  code: number;
  stdout: string;
  reports: Record<string, SourceReport>;
}

function doctor(env: Record<string, string> = {}, args: string[] = ['--json']): Promise<DoctorRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/doctor/main.ts', ...args],
      { env: { ...process.env, UPSTREAMS: 'sandbox', ...sandbox().env, ...env }, timeout: 60_000 },
      (error, stdout) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        let reports: Record<string, SourceReport> = {};
        if (args.includes('--json')) reports = Object.fromEntries((JSON.parse(stdout) as SourceReport[]).map((r) => [r.source, r]));
        resolve({ code, stdout, reports });
      },
    );
  });
}

describe('npm run doctor', () => {
  it('reports every source reachable, its credential accepted and its answer on contract, and exits 0', async () => {
    const run = await doctor();
    expect(run.code).toBe(0);
    for (const source of ['insee', 'data-inclusion', 'lemarche', 'inserjeunes', 'datagouv']) {
      expect(run.reports[source], source).toMatchObject({ configured: true, reachable: true, onContract: true });
      expect(run.reports[source]!.ms).toBeGreaterThanOrEqual(0);
    }
    expect(run.reports.insee!.credential).toBe('not needed');
    expect(run.reports['data-inclusion']!.credential).toBe('accepted');
    expect(run.reports.inserjeunes!.credential).toBe('accepted');
    // One cheap request per source: the doctor spends no quota it does not need.
    expect(sandbox().controls.count('insee')).toBe(1);
    expect(sandbox().controls.count('lemarche')).toBe(1);
  });

  it('prints a table an operator reads, without any credential', async () => {
    const run = await doctor({}, []);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^source\s+base URL\s+reachable\s+credential\s+on contract\s+time/m);
    expect(run.stdout).toMatch(/^lemarche\s+http:\/\/127\.0\.0\.1:\d+\s+yes\s+accepted\s+yes\s+\d+ ms/m);
    expect(run.stdout).toContain('all configured sources are ready');
    for (const [name, value] of Object.entries(sandbox().env))
      if (/TOKEN|KEY|SECRET|CLIENT_ID/.test(name)) expect(run.stdout).not.toContain(value);
  });

  it('fails on a source that answers 5xx, saying it was reachable', async () => {
    sandbox().controls.addFault({ source: 'insee', kind: 'status', status: 503 });
    const run = await doctor();
    expect(run.code).toBe(1);
    expect(run.reports.insee).toMatchObject({ reachable: true, onContract: null });
    expect(run.reports.insee!.problem).toMatch(/^UPSTREAM_UNAVAILABLE/);
    expect(run.reports.lemarche).toMatchObject({ onContract: true });
  });

  it('fails on a source that cannot be reached, or answers off contract', async () => {
    sandbox().controls.addFault({ source: 'datagouv', kind: 'off-contract' });
    const run = await doctor({ LEMARCHE_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.reports.lemarche).toMatchObject({ reachable: false, onContract: null });
    expect(run.reports.datagouv).toMatchObject({ reachable: true, onContract: false });
    expect(run.reports.datagouv!.problem).toMatch(/^UPSTREAM_INVALID_RESPONSE/);
  });

  it('fails on a wrong credential, and names it rejected', async () => {
    const run = await doctor({ DATA_INCLUSION_TOKEN: 'not-a-valid-token' });
    expect(run.code).toBe(1);
    expect(run.reports['data-inclusion']).toMatchObject({ reachable: true, credential: 'rejected', onContract: null });
    expect(run.stdout).not.toContain('not-a-valid-token');
  });

  it('exits 2 on an invalid configuration, before calling anything', async () => {
    const run = await doctor({ INSEE_URL: 'not a url' }, []);
    expect(run.code).toBe(2);
    expect(sandbox().controls.count()).toBe(0);
  });

  it('skips a source without its credential: not configured is not a failure', async () => {
    const run = await doctor({ LEMARCHE_TOKEN: '' });
    expect(run.code).toBe(0);
    expect(run.reports.lemarche).toMatchObject({ configured: false, credential: 'missing' });
    expect(sandbox().controls.count('lemarche')).toBe(0);
  });
});
