import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { waitForLine } from '../helpers/process.js';
import { readEnvironment } from '../../src/config.js';
import { SOURCE_NAMES } from '../../src/sources/names.js';
import { resolveOrigins } from '../../src/origins.js';

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => lines.push(line));
  return { child, lines };
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const env = readEnvironment({});
    expect(env).toMatchObject({ PORT: 4000, HOST: '0.0.0.0', UPSTREAMS: 'sandbox' });
    expect(resolveOrigins(env, undefined).origins.insee).toBe('https://api.insee.fr');
  });

  it('lets an *_URL win over the mode, and strips trailing slashes', () => {
    const env = readEnvironment({ UPSTREAMS: 'live', INSEE_URL: 'http://127.0.0.1:9999/' });
    expect(resolveOrigins(env, undefined).origins).toMatchObject({
      insee: 'http://127.0.0.1:9999',
      datagouv: 'https://www.data.gouv.fr',
    });
  });

  it('reports every bad variable by name and never echoes values', () => {
    const attempt = () =>
      readEnvironment({ UPSTREAMS: 'staging', PORT: 'eighty', REDIS_URL: 'http://secret-host:1', LEMARCHE_TOKEN: 'hunter2' });
    expect(attempt).toThrow(/UPSTREAMS/);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/REDIS_URL/);
    try {
      attempt();
    } catch (error) {
      expect(String(error)).not.toContain('secret-host');
      expect(String(error)).not.toContain('hunter2');
    }
  });
});

describe('npm start', () => {
  it('serves /healthz on the embedded sandbox and stops cleanly on SIGTERM', async () => {
    // As `npm start` runs it: in production mode (Apollo's own signal handling is off there too).
    const { child, lines } = startServer({ NODE_ENV: 'production' });
    try {
      const serving = JSON.parse(await waitForLine(lines, /inclusion-graph is serving/));
      expect(serving.mode).toBe('sandbox');
      expect(serving.upstreams.insee).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const address = (await waitForLine(lines, /Server listening at http:\/\/127\.0\.0\.1/)).match(/http:\/\/127\.0\.0\.1:\d+/)![0];
      const health = await fetch(`${address}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${address}/readyz`);
      expect(ready.status).toBe(200);
      const readiness = (await ready.json()) as {
        status: string;
        cache: string;
        upstreams: Record<string, { state: string }>;
      };
      expect(readiness).toMatchObject({ status: 'ready', cache: 'memory' });
      expect(Object.keys(readiness.upstreams).sort()).toEqual([...SOURCE_NAMES].sort());
      expect(Object.values(readiness.upstreams).every((u) => u.state === 'ok')).toBe(true);
      const metrics = await (await fetch(`${address}/metrics`)).text();
      expect(metrics).toMatch(/^upstream_breaker_state\{source="insee"\} 0$/m);
      // The sandbox it started answers like the real upstream.
      const insee = await fetch(`${serving.upstreams.insee}/donnees-locales/donnees/geo-IND_POPLEGALES@POPLEG2020/COM-44109.all`, {
        headers: { accept: 'application/json' },
      });
      expect(insee.status).toBe(200);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      // The logs buffered until then are all written, the last one included.
      expect(lines.some((l) => /"msg":"shutting down"/.test(l))).toBe(true);
      expect(lines.some((l) => /"url":"\/healthz"/.test(l) && /request completed/.test(l))).toBe(true);
      // Sandbox credentials are handed to the clients, never written to the logs.
      expect(lines.join('\n')).not.toMatch(/eyJhbGciOi/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses to start on an invalid configuration, naming the variable', async () => {
    const { child, lines } = startServer({ UPSTREAMS: 'staging' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/UPSTREAMS/);
  });
});
