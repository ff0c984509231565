/**
 * Time and memory of exporting the sandbox's largest department list as CSV, the whole list
 * walked page by page: spawns `npm start` in sandbox mode, finds the department with the most
 * structures, then downloads its export while sampling the server's resident memory. Loopback only.
 *
 *   npx tsx bench/export.ts
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const DEPARTMENTS = [
  ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '20'),
  '2A',
  '2B',
  '971',
  '972',
  '973',
  '974',
  '976',
];
/** A list as a BI user exports it: columns from the structure and its commune, no per-row upstream call. */
const LIST =
  'query($d: String!) { structures(filter: { department: $d }, first: 100) { nodes { id name siret sources address { street postalCode city latitude longitude } commune { code name epci { name } } siae { kind isActive } } } }';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

async function ready(url: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not start');
}

async function largestDepartment(url: string): Promise<{ code: string; total: number }> {
  let best = { code: '', total: -1 };
  for (const code of DEPARTMENTS) {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query($d: String!) { structures(filter: { department: $d }) { totalCount } }',
        variables: { d: code },
      }),
    });
    const total = ((await response.json()) as any).data?.structures?.totalCount ?? 0;
    if (total > best.total) best = { code, total };
  }
  return best;
}

/** Downloads one export, sampling the server's memory meanwhile. */
async function measure(pid: number, exportUrl: string) {
  const before = rssMb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 10);
  const started = performance.now();
  const response = await fetch(exportUrl);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { status: response.status, rows: lines - 1, bytes, seconds, rssBeforeMb: before, rssPeakMb: peak };
}

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  env: { ...process.env, UPSTREAMS: 'sandbox', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
  stdio: 'ignore',
});
try {
  await ready(url);
  const { code, total } = await largestDepartment(url);
  console.log(`largest department in the sandbox: ${code}, ${total} structures`);
  const plain = `${url}/graphql?${new URLSearchParams({ query: LIST, variables: JSON.stringify({ d: code }), format: 'csv' })}`;
  for (const [name, exportUrl] of [
    ['list, first export', plain],
    ['list, again', plain],
    ['/rest/structures-of-department.csv (services per row)', `${url}/rest/structures-of-department.csv?department=${code}`],
  ] as const) {
    const m = await measure(child.pid!, exportUrl);
    console.log(
      `${name}: HTTP ${m.status}, ${m.rows} rows, ${(m.bytes / 1024).toFixed(0)} kB in ${m.seconds.toFixed(2)} s; server RSS ${m.rssBeforeMb.toFixed(0)} MB before, ${m.rssPeakMb.toFixed(0)} MB at peak`,
    );
  }
} finally {
  child.kill('SIGTERM');
}
