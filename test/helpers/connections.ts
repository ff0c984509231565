import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { UpstreamError } from '../../src/policies/errors.js';
import { readEnvironment } from '../../src/config.js';
import type { Sandbox } from '../../sandbox/index.js';
import { createConnections, type Connections } from '../../src/connections.js';
import { resolveOrigins } from '../../src/origins.js';

/**
 * Connections (each source's policies and client) pointed at a sandbox, configured as an operator
 * would, through environment variables (short timeouts and windows keep the tests quick).
 */
export function connectionsFor(
  sandbox: Sandbox,
  env: Record<string, string> = {},
  logger: Logger = pino({ level: 'silent' }),
): Connections {
  const config = readEnvironment({ ...sandbox.env, ...env });
  return createConnections(config, resolveOrigins(config, sandbox), logger);
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
