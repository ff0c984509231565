import { z } from 'zod';
import { LEGAL_POPULATION_VINTAGES } from '../sources/insee/datasets.js';
import type { SourceName } from '../sources/names.js';
import type { UpstreamClients } from '../upstream/index.js';
import { UpstreamError } from '../upstream/errors.js';

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
}

interface Check {
  /** Whether the request needs the source's credential. */
  authenticated: boolean;
  /** One cheap request through the source's client; resolves to a problem when the answer is empty. */
  run(clients: UpstreamClients): Promise<string | undefined>;
}

const meSchema = z.object({ id: z.string() });

/**
 * One cheap request per source, through its real client, so that what is checked is what the
 * server will do: the same URL building, credential, validation and error mapping.
 */
const CHECKS: Record<SourceName, Check[]> = {
  insee: [
    {
      authenticated: false,
      // Nantes' legal population: published for every vintage the client asks for.
      run: async (c) => {
        const cube = await c.insee.cube({
          dataset: LEGAL_POPULATION_VINTAGES[0]!,
          variables: ['IND_POPLEGALES'],
          level: 'COM',
          code: '44109',
        });
        return cube.value ? undefined : 'the legal population of Nantes (COM-44109) is missing';
      },
    },
  ],
  'data-inclusion': [
    {
      authenticated: true,
      run: async (c) => ((await c.dataInclusion.structures({}, { page: 1, size: 1 })).value ? undefined : 'the structure list is missing'),
    },
  ],
  lemarche: [
    {
      authenticated: true,
      run: async (c) => ((await c.lemarche.siaes({}, { limit: 1, offset: 0 })).value ? undefined : 'the SIAE list is missing'),
    },
  ],
  inserjeunes: [
    {
      authenticated: true,
      run: async (c) =>
        (await c.inserjeunes.certifications({}, { page: 1, perPage: 1 })).value ? undefined : 'the certification list is missing',
    },
  ],
  datagouv: [
    {
      authenticated: false,
      run: async (c) => ((await c.datagouv.datasets({}, { page: 1, pageSize: 1 })).value.data.length > 0 ? undefined : 'no dataset listed'),
    },
  ],
};

/** Whether an error still proves that the upstream answered over HTTP. */
function answered(error: UpstreamError): boolean {
  return error.details.status !== undefined || error.code === 'UPSTREAM_INVALID_RESPONSE' || error.code === 'UPSTREAM_UNAUTHORIZED';
}

export async function checkSource(source: SourceName, clients: UpstreamClients, datagouvKey?: string): Promise<SourceReport> {
  const checks = CHECKS[source];
  const needsCredential = checks.some((check) => check.authenticated);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (needsCredential && !clients.sources[source].hasCredential) {
    return { source, configured: false, reachable: null, credential: 'missing', onContract: null, ms: 0 };
  }
  try {
    for (const check of checks) {
      const problem = await check.run(clients);
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
    }
    // The operator's optional data.gouv key is only worth something if data.gouv accepts it.
    if (source === 'datagouv' && datagouvKey) {
      await clients.sources.datagouv.send('GET', '/api/1/me/', undefined, { 'x-api-key': datagouvKey }, meSchema);
      return { source, configured: true, reachable: true, credential: 'accepted', onContract: true, ms: elapsed() };
    }
    return { source, configured: true, reachable: true, credential: credentialState(needsCredential), onContract: true, ms: elapsed() };
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
