/**
 * The benchmarks: upstream requests per client request, stampede, latency against the
 * critical path, throughput on one core, memory. Each figure is measured for the server as it
 * is and for its naive baseline (NAIVE_BASELINE=true: same resolvers, no DataLoader batching,
 * no cache, no single-flight), in the same run, against the sandbox on loopback.
 *
 *   npm run bench              # full run (a few minutes); results in bench/results/
 *   npm run bench -- --smoke   # seconds: checks that everything runs
 *   npm run bench -- --only=latency   # one part: requests, stampede, latency or throughput
 *   npm run bench -- --before=<git rev>   # also runs that revision's build, as a contender
 *   npm run bench -- --render            # the report again from results/latest.json
 *
 * Every run also measures a calibration contender (bench/calibration.ts: a bare Apollo Server on
 * Fastify answering `{ __typename }`) on the server's core, so that figures read as a share of
 * what the stack itself serves on this machine that day; the report checks each figure against
 * its target (issue 17) next to it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../sandbox/index.js';
import { ODATA_COLUMNS, odataBesideGraphQL } from './odata.js';
import { sandboxWorld } from '../sandbox/world.js';
import { SOURCE_NAMES } from '../src/sources/names.js';
import { SOURCES } from '../src/sources/registry.js';

const smoke = process.argv.includes('--smoke');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const beforeRev = process.argv.find((a) => a.startsWith('--before='))?.slice('--before='.length);
const runs = (part: 'requests' | 'stampede' | 'latency' | 'throughput') => only === undefined || only === part;
const outDir = process.env.BENCH_OUT ?? new URL('./results/', import.meta.url).pathname;
const EXAMPLES = new URL('../schema/examples/', import.meta.url);
const canPin = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return cpus().length >= 2;
  } catch {
    return false;
  }
})();

interface Example {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

function examples(): Example[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.graphql'))
    .map((file) => {
      const query = readFileSync(new URL(file, EXAMPLES), 'utf8');
      return { name: file.replace('.graphql', ''), query, variables: JSON.parse(/^# Variables: (.*)$/m.exec(query)?.[1] ?? '{}') };
    });
}

/** A server process, pinned to core 0 when possible; CPU time and peak RSS read from /proc. */
interface Server {
  url: string;
  child: ChildProcess;
  cpuSeconds(): number;
  rssMb(): number;
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** What a contender runs: this tree's server, another revision's build, or the calibration. */
type Program = { main: string; typescript: boolean };
const THIS_SERVER: Program = smoke ? { main: 'src/main.ts', typescript: true } : { main: 'dist/main.js', typescript: false };
const CALIBRATION: Program = { main: 'bench/calibration.ts', typescript: true };
/** The Node flags of `npm run start:dist` (heap tuning), so that the benchmark measures what production runs. */
const SERVE_FLAGS = (
  /\bnode ((?:--\S+ )*)dist\/main\.js/.exec(
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts['start:dist'],
  )?.[1] ?? ''
)
  .split(' ')
  .filter(Boolean);

async function startServer(sandbox: Sandbox, env: Record<string, string>, program: Program = THIS_SERVER): Promise<Server> {
  // The V8 flags `npm run start:dist` serves with (this tree's server only); BENCH_NODE_ARGS
  // adds to them, e.g. "--cpu-prof --cpu-prof-dir=/tmp/profiles".
  const nodeArgs = [...(program === THIS_SERVER ? SERVE_FLAGS : []), ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const command = [process.execPath, ...nodeArgs, ...(program.typescript ? ['--import', 'tsx'] : []), program.main];
  const [file, ...args] = canPin ? ['taskset', '-c', '0', ...command] : command;
  const child = spawn(file!, args, {
    env: {
      ...process.env,
      // As `npm start` serves: graphql-js skips its development-only checks.
      NODE_ENV: 'production',
      ...sandbox.env,
      UPSTREAMS: 'live',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!found) return;
      // From here on the server's log is drained unread: this process hosts the sandbox and
      // the latency client, and must not spend its core on the server's log lines.
      child.stdout!.off('data', read);
      child.stdout!.resume();
      resolve(found[1]!);
    };
    child.stdout!.on('data', read);
    child.once('exit', () => reject(new Error(`server exited:\n${output}`)));
  });
  const status = (field: string) =>
    Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
  return {
    url,
    child,
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    rssMb: () => status('VmRSS'),
    peakRssMb: () => status('VmHWM'),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function postGraphQL(url: string, example: Pick<Example, 'query' | 'variables'>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: example.query, variables: example.variables }),
  });
}

async function graphql(url: string, example: Pick<Example, 'query' | 'variables'>, headers: Record<string, string> = {}): Promise<any> {
  return (await postGraphQL(url, example, headers)).json();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function latencySummary(timings: number[]) {
  const sorted = [...timings].sort((a, b) => a - b);
  const round = (ms: number) => Number(ms.toFixed(1));
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    p50OverCriticalPath: Number((percentile(sorted, 50) / UPSTREAM_LATENCY_MS).toFixed(2)),
  };
}

/** Runs the load generator in its own process, without blocking this one (the sandbox lives here). */
async function runLoad(options: { url: string; body: string; expectBody?: string; connections: number; durationS: number }) {
  const command = [process.execPath, '--import', 'tsx', 'bench/load.ts', JSON.stringify(options)];
  const [file, ...args] = canPin ? ['taskset', '-c', '1', ...command] : command;
  const child = spawn(file!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return JSON.parse(output.trim().split('\n').pop()!) as Record<string, any>;
}

const MODES = { server: {}, baseline: { NAIVE_BASELINE: 'true' } } as const;
/** Each source's variable prefix (`INSEE_RATE_LIMIT`…), from the registry. */
const SOURCE_PREFIXES = SOURCE_NAMES.map((name) => SOURCES[name].envPrefix);
const UPSTREAM_LATENCY_MS = 20;

/**
 * The same request in other bytes: the query respaced, with a comment, and its variables' keys in
 * reverse order. The server must treat it as the request itself.
 */
function byteVariant(example: Pick<Example, 'query' | 'variables'>): Pick<Example, 'query' | 'variables'> {
  const query = `# the same request, other bytes\n${example.query.replace(/\n[ \t]*/g, '\n    ')}`;
  return { query, variables: Object.fromEntries(Object.entries(example.variables).reverse()) };
}

/** Another revision's build, in a worktree of its own (sharing this tree's node_modules). */
function buildRevision(rev: string): { program: Program; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-before-'));
  execFileSync('git', ['worktree', 'add', '--detach', dir, rev], { stdio: 'ignore' });
  symlinkSync(new URL('../node_modules', import.meta.url).pathname, join(dir, 'node_modules'));
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: dir, stdio: 'inherit' });
  return {
    program: { main: join(dir, 'dist/main.js'), typescript: false },
    remove: () => execFileSync('git', ['worktree', 'remove', '--force', dir], { stdio: 'ignore' }),
  };
}

async function main(): Promise<void> {
  // This process (sandbox, latency client) shares core 1 with the load generator; core 0 is the server's.
  if (canPin) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  if (!smoke) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  const before = beforeRev && (runs('latency') || runs('throughput')) ? buildRevision(beforeRev) : undefined;
  // Upstream quotas are lifted here: the benchmarks measure the server, not Insee's 30 a minute
  // nor the politeness limits towards the others.
  const sandbox = await startSandbox({
    inseeQuota: { limit: 1_000_000, windowMs: 60_000 },
    melodiQuota: { limit: 1_000_000, windowMs: 60_000 },
  });
  const lifted = Object.fromEntries(
    SOURCE_PREFIXES.flatMap((s) => [
      [`${s}_RATE_LIMIT`, '1000000/1s'],
      [`${s}_CONCURRENCY`, '64'],
    ]),
  );
  const all = examples();
  // The structure-by-siret header leaves the SIRET to fill: one both sources know.
  const marche = new Set(sandboxWorld().marche.siaes.map((s) => s.siret));
  const siret = sandboxWorld().dataInclusion.structures.find((r) => r.structure.siret && marche.has(r.structure.siret))!.structure.siret!;
  for (const example of all) if (example.name === 'structure-by-siret') example.variables = { siret };
  const picked = smoke ? all.filter((e) => ['commune-dashboard', 'commune-statistics', 'structures-of-department'].includes(e.name)) : all;
  const results: Record<string, any> = {
    date: new Date().toISOString(),
    smoke,
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      pinned: canPin,
    },
  };

  // 1. Upstream requests per client request.
  if (runs('requests')) results.upstreamRequests = {};
  for (const example of runs('requests') ? picked : []) {
    const row: Record<string, number> = {};
    for (const [mode, env] of Object.entries(MODES)) {
      const server = await startServer(sandbox, { ...lifted, ...env });
      const headers = example.name === 'create-dataset' ? { 'x-datagouv-api-key': sandbox.credentials.datagouvApiKey } : undefined;
      sandbox.controls.resetCounters();
      const started = performance.now();
      await graphql(server.url, example, headers);
      // The cold request's latency on this server (the commune-statistics query beside the dashboard).
      if (mode === 'server') row.coldMs = Number((performance.now() - started).toFixed(1));
      row[mode === 'server' ? 'cold' : 'baseline'] = sandbox.controls.count();
      if (mode === 'server') {
        sandbox.controls.resetCounters();
        await graphql(server.url, example, headers);
        row.warm = sandbox.controls.count();
      }
      await server.stop();
    }
    results.upstreamRequests[example.name] = row;
  }

  // 1b. An OData page beside the GraphQL list it maps to (odata.ts).
  if (runs('requests')) results.odata = await odataBesideGraphQL(() => startServer(sandbox, lifted), sandbox, smoke ? 5 : 50);

  // 2. Stampede: 100 concurrent identical cold dashboards.
  const dashboard = all.find((e) => e.name === 'commune-dashboard')!;
  if (runs('stampede')) results.stampede = {};
  for (const [mode, env] of Object.entries(runs('stampede') ? MODES : {})) {
    const server = await startServer(sandbox, { ...lifted, ...env });
    sandbox.controls.resetCounters();
    sandbox.controls.setLatency('data-inclusion', 20);
    const verdicts = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const response = await postGraphQL(server.url, dashboard);
        await response.arrayBuffer();
        return response.headers.get('x-response-cache');
      }),
    );
    const log = sandbox.controls.requests();
    const distinct = new Set(log.map((r) => `${r.source} ${r.path}?${r.query}`)).size;
    results.stampede[mode] = {
      // Requests that ran the resolvers rather than receive another's answer.
      executions: verdicts.filter((v) => v !== 'hit').length,
      upstreamRequests: log.length,
      distinctResources: distinct,
      perResource: Number((log.length / distinct).toFixed(2)),
    };
    sandbox.reset();
    await server.stop();
  }

  // 3. Latency with every upstream answering after 20 ms. Every dashboard makes all its upstream
  // calls (caches at TTL 0: nothing is reused between requests, batching and single-flight stay
  // on), on a server that has already served the same mix: what a user asking for a commune
  // nobody asked for recently waits, not the JIT compiling on a first request.
  const communes = [
    '44109',
    '35238',
    '33063',
    '69123',
    '31555',
    '59350',
    '67482',
    '34172',
    '06088',
    '13055',
    '76540',
    '29019',
    '2A004',
    '97411',
    '63113',
    '21231',
    '25056',
    '37261',
    '45234',
    '49007',
  ];
  const latencyRuns = smoke ? 5 : 200;
  const everyCallUpstream = Object.fromEntries(SOURCE_PREFIXES.map((s) => [`${s}_CACHE_TTL_S`, '0']));
  /** The i-th dashboard of the rotation over `communes`. */
  const nthDashboard = (server: Server, i: number) =>
    graphql(server.url, { ...dashboard, variables: { code: communes[i % communes.length] } });
  const warmUp = async (server: Server, dashboards: number) => {
    for (let i = 0; i < dashboards; i++) await nthDashboard(server, i);
  };
  /** Times `latencyRuns` dashboards one after another; also the server's CPU time per dashboard. */
  const timeDashboards = async (server: Server) => {
    const timings: number[] = [];
    const cpuBefore = server.cpuSeconds();
    for (let i = 0; i < latencyRuns; i++) {
      const started = performance.now();
      const body = await nthDashboard(server, i);
      timings.push(performance.now() - started);
      if (body.errors) throw new Error(`dashboard ${communes[i % communes.length]}: ${JSON.stringify(body.errors)}`);
    }
    const cpuMsPerDashboard = Number((((server.cpuSeconds() - cpuBefore) * 1000) / latencyRuns).toFixed(1));
    return { ...latencySummary(timings), cpuMsPerDashboard };
  };
  if (runs('latency')) results.latency = { upstreamLatencyMs: UPSTREAM_LATENCY_MS, dashboards: latencyRuns };
  const latencyModes: [string, Record<string, string>, Program][] = [
    ['server', {}, THIS_SERVER],
    ...(before ? [[`before (${beforeRev})`, {}, before.program] as [string, Record<string, string>, Program]] : []),
    ['baseline', MODES.baseline, THIS_SERVER],
  ];
  for (const [mode, env, program] of runs('latency') ? latencyModes : []) {
    const server = await startServer(sandbox, { ...lifted, ...everyCallUpstream, RESPONSE_CACHE: 'false', ...env }, program);
    // Also fills the sandbox's memo, so that its own CPU time stays out of the measured passes.
    await warmUp(server, communes.length + (smoke ? 0 : 100));
    for (const source of SOURCE_NAMES) sandbox.controls.setLatency(source, UPSTREAM_LATENCY_MS);
    results.latency[mode] = await timeDashboards(server);
    sandbox.reset();
    await server.stop();
  }
  // The server's own floor for this query: the same dashboards with every upstream answer
  // already in its cache (response cache still off), so that no call is made at all.
  if (runs('latency')) {
    const server = await startServer(sandbox, { ...lifted, RESPONSE_CACHE: 'false' });
    await warmUp(server, (smoke ? 1 : 6) * communes.length);
    for (const source of SOURCE_NAMES) sandbox.controls.setLatency(source, UPSTREAM_LATENCY_MS);
    sandbox.controls.resetCounters();
    results.latency.answersCached = await timeDashboards(server);
    const calls = sandbox.controls.count();
    if (calls > 0) throw new Error(`the dashboards with every answer cached made ${calls} upstream calls`);
    sandbox.reset();
    await server.stop();
  }
  // The critical path as this machine delivers it: one upstream call, made by this process
  // straight to the sandbox (no server), with the same 20 ms.
  sandbox.controls.setLatency('datagouv', UPSTREAM_LATENCY_MS);
  const roundTrips: number[] = [];
  for (let i = 0; i < (!runs('latency') ? 0 : smoke ? 5 : 100); i++) {
    const started = performance.now();
    await (await fetch(`${sandbox.urls.datagouv}/api/1/datasets/?geozone=fr:commune:${communes[i % communes.length]}&page_size=5`)).text();
    roundTrips.push(performance.now() - started);
  }
  if (runs('latency')) results.latency.directUpstreamCall = latencySummary(roundTrips);
  sandbox.reset();

  // 4 and 5. Throughput on one core with a warm cache, and memory.
  const typename = { query: '{ __typename }', variables: {} };
  const structures = all.find((e) => e.name === 'structures-of-department')!;
  const durationS = smoke ? 1 : 10;
  if (runs('throughput')) results.throughput = {};
  if (runs('throughput')) results.memory = {};
  // Throughput also without the whole-response cache, side by side: what execution itself costs;
  // the other revision's build when asked; and the calibration, on `{ __typename }` only.
  const throughputModes: [string, Record<string, string>, Program, boolean][] = [
    ['server', {}, THIS_SERVER, true],
    ['server without response cache', { RESPONSE_CACHE: 'false' }, THIS_SERVER, true],
    ...(before
      ? ([
          [`before (${beforeRev})`, {}, before.program, true],
          [`before (${beforeRev}) without response cache`, { RESPONSE_CACHE: 'false' }, before.program, true],
        ] as [string, Record<string, string>, Program, boolean][])
      : []),
    ['baseline', MODES.baseline, THIS_SERVER, true],
    ['calibration', {}, CALIBRATION, false],
  ];
  for (const [mode, env, program, everyQuery] of runs('throughput') ? throughputModes : []) {
    const server = await startServer(sandbox, { ...lifted, ...env }, program);
    await new Promise((resolve) => setTimeout(resolve, 500));
    results.memory[mode] = { idleRssMb: Math.round(server.rssMb()) };
    const cpuBefore = server.cpuSeconds();
    const started = performance.now();
    const requests = [
      ['typename', typename],
      ['commune-dashboard', dashboard],
      ['structures-of-department', structures],
    ] as const;
    for (const [name, request] of everyQuery ? requests : requests.slice(0, 1)) {
      // The first answer goes to an equivalent request with other bytes (spacing, a comment,
      // variables' key order), as when another client asked first: the load's own bytes were
      // never seen. Its body is the exact bytes every answer must have (Apollo ends bodies with a
      // newline).
      const expectBody = await (await postGraphQL(server.url, byteVariant(request))).text();
      for (const connections of smoke ? [50] : [50, 100]) {
        const cpuAtStart = server.cpuSeconds();
        const load = await runLoad({
          url: `${server.url}/graphql`,
          body: JSON.stringify({ query: request.query, variables: request.variables }),
          expectBody: mode === 'baseline' ? undefined : expectBody,
          connections,
          durationS,
        });
        results.throughput[`${mode} · ${name} · c${connections}`] = {
          rps: Math.round(load.requestsPerSecond),
          p99Ms: load.latencyMs.p99,
          cpuMsPerRequest: load.total > 0 ? Number((((server.cpuSeconds() - cpuAtStart) * 1000) / load.total).toFixed(3)) : null,
          non2xx: load.non2xx,
          errors: load.errors,
          mismatches: load.mismatches,
        };
      }
    }
    results.memory[mode].afterLoadRssMb = Math.round(server.rssMb());
    results.memory[mode].peakRssMb = Math.round(server.peakRssMb());
    results.memory[mode].cpuSecondsDuringLoad = Number((server.cpuSeconds() - cpuBefore).toFixed(1));
    results.memory[mode].loadWallSeconds = Number(((performance.now() - started) / 1000).toFixed(1));
    await server.stop();
  }
  before?.remove();
  await sandbox.close();

  mkdirSync(outDir, { recursive: true });
  const name = smoke ? 'smoke' : only ? `only-${only}` : 'latest';
  writeFileSync(`${outDir}/${name}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${outDir}/${name}.md`, report(results));
  console.log(report(results));
}

/** Each target of issue 17 as measured in this run: what it is, the figure, the goal, and whether it holds. */
function targetRows(r: Record<string, any>): unknown[][] {
  const rows: unknown[][] = [];
  const rps = (mode: string, query: string) => {
    // Each contender at its best connection count among its clean runs: shed requests (503) and
    // wrong bodies answer fast and would flatter it.
    const rowsOf = Object.entries<any>(r.throughput ?? {}).filter(
      ([run, row]) => run.startsWith(`${mode} · ${query} · c`) && row.non2xx === 0 && row.errors === 0 && row.mismatches === 0,
    );
    return rowsOf.length > 0 ? Math.max(...rowsOf.map(([, row]) => row.rps)) : undefined;
  };
  const ratio = (label: string, figure: number | undefined, reference: number | undefined, goal: number) => {
    if (figure === undefined || reference === undefined || reference === 0) return;
    const value = figure / reference;
    rows.push([label, `${figure} / ${reference} = ${value.toFixed(2)}`, `≥ ${goal}`, value >= goal ? 'yes' : 'no']);
  };
  const calibration = rps('calibration', 'typename');
  for (const query of ['commune-dashboard', 'structures-of-department'])
    ratio(`1. hot layer, ${query} (first asked in other bytes), req/s ÷ calibration`, rps('server', query), calibration, 0.5);
  ratio('2. `{ __typename }` (uncacheable), req/s ÷ calibration', rps('server', 'typename'), calibration, 0.5);
  const before = Object.keys(r.throughput ?? {})
    .find((run) => run.startsWith('before ('))
    ?.split(' · ')[0];
  if (before)
    for (const query of ['commune-dashboard', 'structures-of-department'])
      ratio(
        `3. executed path, ${query}, req/s ÷ ${before.replace(/\)$/, ') without response cache')}`,
        rps('server without response cache', query),
        rps(`${before} without response cache`, query),
        2,
      );
  const latency = r.latency;
  if (latency?.server && latency.directUpstreamCall) {
    const overhead = latency.server.p50 - latency.directUpstreamCall.p50;
    rows.push(['4. cold dashboard, p50 over one direct upstream call (ms)', overhead.toFixed(1), '≤ 8', overhead <= 8 ? 'yes' : 'no']);
    const cpu = latency.server.cpuMsPerDashboard;
    rows.push(['4. cold dashboard, server CPU per dashboard (ms)', cpu, '≤ 10', cpu <= 10 ? 'yes' : 'no']);
  }
  const memory = r.memory?.server;
  if (memory)
    rows.push([
      '6. server RSS under the throughput load, live mode: peak (MB)',
      memory.peakRssMb,
      '≤ 200',
      memory.peakRssMb <= 200 ? 'yes' : 'no',
    ]);
  return rows;
}

function report(r: Record<string, any>): string {
  const lines = [
    `# Benchmark results (${r.date}${r.smoke ? ', smoke run' : ''})`,
    '',
    `Machine: ${r.machine.cpus} cores (${r.machine.cpu}), ${r.machine.memoryGb} GiB, Node ${r.machine.node}; server pinned to core 0, load generator, sandbox and latency client to core 1: ${r.machine.pinned}.`,
  ];
  const table = (title: string, intro: string[], head: string[], rows: unknown[][]) =>
    lines.push(
      '',
      `## ${title}`,
      '',
      ...intro,
      `| ${head.join(' | ')} |`,
      `|${' --- |'.repeat(head.length)}`,
      ...rows.map((row) => `| ${row.join(' | ')} |`),
    );
  /** A row per entry of a results section: its name, then the named fields. */
  const rowsOf = (section: Record<string, any>, fields: string[]) =>
    Object.entries(section).map(([name, row]) => [name, ...fields.map((field) => row[field])]);
  if (r.upstreamRequests)
    table(
      'Upstream requests per client request',
      [],
      ['query', 'cold', 'warm', 'naive baseline', 'cold ms'],
      rowsOf(r.upstreamRequests, ['cold', 'warm', 'baseline', 'coldMs']),
    );
  if (r.odata)
    table(
      'OData page beside the GraphQL list it maps to',
      ['Every structure of department 44, each on a fresh server: the first page cold, then warm, then every page.', ''],
      ['read', ...ODATA_COLUMNS.map(([label]) => label)],
      rowsOf(
        r.odata,
        ODATA_COLUMNS.map(([, field]) => field),
      ),
    );
  if (r.stampede)
    table(
      'Stampede: 100 concurrent identical cold dashboards',
      [],
      ['', 'executions', 'upstream requests', 'distinct resources', 'per resource'],
      rowsOf(r.stampede, ['executions', 'upstreamRequests', 'distinctResources', 'perResource']),
    );
  if (r.latency) {
    const ms = r.latency.upstreamLatencyMs;
    const label: Record<string, string> = {
      answersCached: 'server, every answer already cached (no upstream call)',
      directUpstreamCall: 'one upstream call, no server',
    };
    table(
      `Latency: commune dashboard, every upstream call answered after ${ms} ms`,
      [
        `${r.latency.dashboards} dashboards one after another, each making all its upstream calls (caches at TTL 0), on a warmed-up server;`,
        `next to them, the server's own floor for the query (no upstream call) and the critical path (one call, no server).`,
        '',
      ],
      ['', 'p50 ms', 'p95 ms', 'p99 ms', `p50 / ${ms} ms`, 'server CPU ms per dashboard'],
      Object.keys(r.latency)
        .filter((mode) => typeof r.latency[mode] === 'object')
        .map((mode) => {
          const row = r.latency[mode];
          return [label[mode] ?? mode, row.p50, row.p95, row.p99, row.p50OverCriticalPath, row.cpuMsPerDashboard ?? ''];
        }),
    );
  }
  if (r.throughput)
    table(
      'Throughput on one core, warm',
      [],
      ['run', 'requests/s', 'p99 ms', 'server CPU ms per request', 'non-2xx', 'errors', 'wrong bodies'],
      rowsOf(r.throughput, ['rps', 'p99Ms', 'cpuMsPerRequest', 'non2xx', 'errors', 'mismatches']),
    );
  if (r.throughput || r.latency || r.memory)
    table(
      'Targets (issue 17)',
      [
        'Each figure of this run next to its target. Ratios compare contenders of this same run: the calibration is a bare',
        'Apollo Server on Fastify answering `{ __typename }` on the same core; "before" is the build named by `--before`.',
        '',
      ],
      ['target', 'figure', 'goal', 'met'],
      targetRows(r),
    );
  if (r.memory)
    table(
      'Memory',
      [],
      ['', 'idle RSS MB', 'RSS after load MB', 'peak RSS MB', 'CPU s during load'],
      rowsOf(r.memory, ['idleRssMb', 'afterLoadRssMb', 'peakRssMb', 'cpuSecondsDuringLoad']),
    );
  return `${lines.join('\n')}\n`;
}

// `--render` writes the report again from the last full run's figures (after a change to the report).
if (process.argv.includes('--render')) {
  writeFileSync(`${outDir}/latest.md`, report(JSON.parse(readFileSync(`${outDir}/latest.json`, 'utf8'))));
} else {
  await main();
}
