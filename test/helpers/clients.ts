import { pino, type Logger } from 'pino';
import { readEnvironment } from '../../src/config.js';
import type { Sandbox } from '../../sandbox/index.js';
import { createUpstreamClients, type UpstreamClients } from '../../src/clients.js';
import { resolveUpstreams } from '../../src/upstreams.js';

/**
 * Upstream clients pointed at a sandbox, configured as an operator would, through environment
 * variables (short timeouts and windows keep the tests quick).
 */
export function clientsFor(
  sandbox: Sandbox,
  env: Record<string, string> = {},
  logger: Logger = pino({ level: 'silent' }),
): UpstreamClients {
  const config = readEnvironment({ ...sandbox.env, ...env });
  return createUpstreamClients(config, resolveUpstreams(config, sandbox), logger);
}
