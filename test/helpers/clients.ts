import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { UpstreamError } from '../../src/upstream/errors.js';
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

/** The UpstreamError a call fails with (the test fails if it succeeds or throws anything else). */
export async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}
