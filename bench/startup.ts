/**
 * Start-up time and memory of `npm start`: spawns the server (sandbox or live mode), polls
 * /healthz until it answers, then reads the process's resident memory. Loopback only.
 *
 *   npm run bench:startup            # both modes, 5 runs each
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function once(mode: 'sandbox' | 'live'): Promise<{ readyMs: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, UPSTREAMS: mode, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (let attempt = 0; attempt < 600; attempt++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) {
          const readyMs = performance.now() - started;
          await new Promise((resolve) => setTimeout(resolve, 1000)); // let start-up garbage settle
          return { readyMs, rssMb: rssMb(child.pid!) };
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('server did not answer /healthz within 15 s');
  } finally {
    child.kill('SIGTERM');
  }
}

const runs = Number(process.env.RUNS ?? 5);
for (const mode of ['sandbox', 'live'] as const) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(mode));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    `${mode.padEnd(7)} ready in ${median(results.map((r) => r.readyMs)).toFixed(0)} ms (median of ${runs}), ` +
      `RSS ${median(results.map((r) => r.rssMb)).toFixed(0)} MB`,
  );
}
