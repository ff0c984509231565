import type { Connections } from '../connections.js';
import type { CredentialValues } from '../sources/definition.js';
import { sourceKey, type SourceName } from '../sources/names.js';
import { definitionOf } from '../sources/registry.js';
import { UpstreamError } from '../policies/errors.js';

/** What one source's check found. */
export interface SourceReport {
  source: SourceName;
  /** False when the source needs a credential and none is configured: not checked, not a failure. */
  configured: boolean;
  /** An HTTP answer came back (whatever its status). */
  reachable: boolean | null;
  /** `accepted`, `rejected`, or `not needed` for public sources. */
  credential: 'accepted' | 'rejected' | 'not needed' | 'missing' | null;
  /** The answer matched what the client expects. */
  onContract: boolean | null;
  ms: number;
  /** The error code and message, when the check failed. */
  problem?: string;
  /** What the check found worth telling (Melodi: each dataset's latest vintage). */
  found?: string;
}

/** Whether an error still proves that the upstream answered over HTTP. */
function answered(error: UpstreamError): boolean {
  return error.details.status !== undefined || error.code === 'UPSTREAM_INVALID_RESPONSE' || error.code === 'UPSTREAM_UNAUTHORIZED';
}

/**
 * One source's check: its definition's probe, one cheap request through its real client, so that
 * what is checked is what the server will do (the same URL building, credential, validation and
 * error mapping). `credentials` are the source's configured credential variables.
 */
export async function checkSource(source: SourceName, connections: Connections, credentials: CredentialValues = {}): Promise<SourceReport> {
  const { probe } = definitionOf(source);
  const needsCredential = probe.needsCredential;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (needsCredential && !connections.policies[source].hasCredential) {
    return { source, configured: false, reachable: null, credential: 'missing', onContract: null, ms: 0 };
  }
  try {
    const outcome = await probe.run(connections[sourceKey(source)]);
    const problem = typeof outcome === 'string' ? outcome : undefined;
    const found = typeof outcome === 'object' ? { found: outcome.found } : {};
    if (problem)
      return {
        source,
        configured: true,
        reachable: true,
        credential: credentialState(needsCredential),
        onContract: false,
        ms: elapsed(),
        problem,
      };
    // A key the probe did not need is only worth something if the upstream accepts it.
    const key = probe.optionalKey && credentials[probe.optionalKey.variable];
    if (probe.optionalKey && key) {
      await probe.optionalKey.check(connections.policies[source], key);
      return { source, configured: true, reachable: true, credential: 'accepted', onContract: true, ms: elapsed(), ...found };
    }
    return {
      source,
      configured: true,
      reachable: true,
      credential: credentialState(needsCredential),
      onContract: true,
      ms: elapsed(),
      ...found,
    };
  } catch (error) {
    const failure = error instanceof UpstreamError ? error : undefined;
    const unauthorized = failure?.code === 'UPSTREAM_UNAUTHORIZED';
    return {
      source,
      configured: true,
      reachable: failure ? answered(failure) : false,
      credential: unauthorized ? 'rejected' : null,
      onContract: failure?.code === 'UPSTREAM_INVALID_RESPONSE' ? false : null,
      ms: elapsed(),
      problem: failure ? `${failure.code}: ${failure.message}` : 'unexpected failure',
    };
  }
}

function credentialState(needsCredential: boolean): SourceReport['credential'] {
  return needsCredential ? 'accepted' : 'not needed';
}

/** A source fails the doctor when it is configured and its check did not pass. */
export function failed(report: SourceReport): boolean {
  return report.configured && report.onContract !== true;
}
