import { pino } from 'pino';
import { readEnvironmentOrExit } from '../config.js';
import { startEmbeddedSandbox } from '../embedded-sandbox.js';
import { SOURCE_NAMES } from '../sources/names.js';
import { createConnections } from '../connections.js';
import { resolveOrigins, sandboxNeeded } from '../origins.js';
import { checkSource, failed, type SourceReport } from './checks.js';

/*
 * `npm run doctor`: before going live, calls each configured upstream once with a cheap request
 * and prints, per source, whether it is reachable, accepts the credential and answers on
 * contract, with the time taken. Exits 1 when a configured source fails, 2 on a bad
 * configuration. Credentials are never printed. `--json` prints the reports as JSON instead.
 */

const env = readEnvironmentOrExit(2);

// The truth, not the server's defences: no cache, no retry, no breaker tripping mid-check.
for (const name of SOURCE_NAMES) env.sources[name] = { ...env.sources[name], cacheTtlS: 0, retries: 0 };
const config = { ...env, REDIS_URL: undefined, BREAKER_MIN_REQUESTS: 1000, QUOTA_MAX_WAIT_MS: 10_000 };

const sandbox = sandboxNeeded(env) ? await startEmbeddedSandbox() : undefined;
const origins = resolveOrigins(env, sandbox);
const connections = createConnections(config, origins, pino({ level: 'silent' }));

const reports: SourceReport[] = [];
for (const source of SOURCE_NAMES) reports.push(await checkSource(source, connections, origins.credentials[source]));
await connections.close();
await sandbox?.close();

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(reports, null, 2));
  process.exit(reports.some(failed) ? 1 : 0);
}

const yesNo = (value: boolean | null) => (value === null ? '-' : value ? 'yes' : 'NO');
const rows = [
  ['source', 'base URL', 'reachable', 'credential', 'on contract', 'time', 'problem (or what was found)'],
  ...reports.map((r) => [
    r.source,
    origins.origins[r.source],
    r.configured ? yesNo(r.reachable) : 'not checked',
    r.credential ?? '-',
    yesNo(r.onContract),
    r.configured ? `${r.ms} ms` : '-',
    r.problem ?? r.found ?? '',
  ]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
console.log(`upstreams: ${env.UPSTREAMS}${sandbox ? ' (embedded sandbox)' : ''}`);
for (const row of rows)
  console.log(
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
const failures = reports.filter(failed);
const unconfigured = reports.filter((r) => !r.configured).map((r) => r.source);
if (unconfigured.length > 0) console.log(`not configured (no credential): ${unconfigured.join(', ')}`);
console.log(failures.length === 0 ? 'all configured sources are ready' : `${failures.length} configured source(s) failed`);
process.exit(failures.length === 0 ? 0 : 1);
