/**
 * The hardening reproductions (issue 23), measured on a real server: for each attack, the
 * slowest answer to a plain `{ __typename }` asked every 25 ms while the attack runs, whether the
 * process stayed up, and its resident memory before, at its peak and a few seconds after.
 *
 *   npm run bench:attacks
 *
 * The server runs as `npm start` runs it (its own embedded sandbox), on 127.0.0.1 only; every
 * attack is a bounded number of requests, and the run stops by itself.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

interface Attack {
  name: string;
  /** The attack's requests, sent at once; resolved when every answer has arrived. */
  run(url: string): Promise<unknown>;
}

/** No answer is waited for longer than this: a hung request is a finding, not a stuck run. */
const REQUEST_TIMEOUT_MS = 60_000;

const post = (url: string, query: string, variables?: unknown) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).then((response) => response.arrayBuffer());

const get = (url: string, path: string) =>
  fetch(`${url}${path}`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then((response) => response.arrayBuffer());

/** `{...F0} fragment F0 on Query {...F1 ...F1} … fragment Fn on Query { <leaf> }`: 2ⁿ spreads if followed naively. */
function doublingFragments(levels: number, leaf: string): string {
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1 ? `fragment F${i} on Query { ${leaf} }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
  );
  return `{ ...F0 } ${fragments.join(' ')}`;
}

const NESTED = '{ department(code: "59") { arrondissements { communes { department { arrondissements { communes { code } } } } } } }';
const DEEPER =
  '{ department(code: "59") { arrondissements { communes { department { arrondissements { communes { department { code name } } } } } } } }';

function entities(count: number): string {
  const representations = JSON.stringify(Array.from({ length: count }, () => ({ __typename: 'Commune', code: '44109' })));
  let selection = 'code';
  for (let i = 0; i < 14; i++) selection = `department { communes { ${selection} } }`;
  return JSON.stringify({
    query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Commune { ${selection} } } }`,
    variables: { r: JSON.parse(representations) },
  });
}

const ATTACKS: Attack[] = [
  { name: 'fragments doubling 23 levels (POST)', run: (url) => post(url, doublingFragments(23, 'communes(first: 1) { nodes { code } }')) },
  {
    name: 'fragments doubling 24 levels (CSV export)',
    run: (url) =>
      get(url, `/graphql?format=csv&query=${encodeURIComponent(doublingFragments(24, 'communes(first: 1) { nodes { code } }'))}`),
  },
  { name: 'nested geography lists without first', run: (url) => Promise.all([post(url, NESTED), post(url, DEEPER)]) },
  {
    name: '2,000 _entities with a 14-level fan-out',
    run: (url) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: entities(2000),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }).then((r) => r.arrayBuffer()),
  },
  {
    name: 'five exports of every commune at once',
    run: (url) =>
      Promise.all(
        Array.from({ length: 5 }, () =>
          get(url, `/graphql?format=csv&query=${encodeURIComponent('{ communes(first: 100) { nodes { code name population } } }')}`),
        ),
      ),
  },
];

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

/** Asks `{ __typename }` every 25 ms until `done` settles; the slowest answer, in ms. */
async function probeWhile(url: string, done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => (finished = true));
  let slowest = 0;
  while (!finished) {
    const started = performance.now();
    await post(url, '{ __typename }').catch(() => undefined);
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Math.round(slowest);
}

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The server goes down with this run, however it ends.
  process.once('exit', () => child.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start in 60 s')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = /GraphiQL at (http:\/\/[^/]+)\/graphql/.exec(line);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
  });
  try {
    // Warm-up: the first answers build what every later request reuses.
    await post(url, '{ commune(code: "44109") { name } }');
    console.error(`serving at ${url}; attacking`);
    const rows: string[] = [
      '| attack | slowest `{ __typename }` meanwhile | process up | RSS before → after 5 s (MB) |',
      '| --- | --- | --- | --- |',
    ];
    for (const attack of ATTACKS) {
      const before = rssMb(child.pid!);
      const attackDone = attack.run(url).catch((error: unknown) => error);
      const slowest = await probeWhile(url, attackDone);
      await new Promise((resolve) => setTimeout(resolve, 5000));
      const up = child.exitCode === null;
      console.error(`${attack.name}: done`);
      rows.push(`| ${attack.name} | ${slowest} ms | ${up ? 'yes' : 'no'} | ${before} → ${up ? rssMb(child.pid!) : '-'} |`);
      if (!up) break;
    }
    console.log(rows.join('\n'));
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
