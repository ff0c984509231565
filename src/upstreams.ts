import { LIVE_ORIGINS, type Environment } from './config.js';
import type { Sandbox } from './sandbox/index.js';

export type UpstreamName = keyof typeof LIVE_ORIGINS;

export interface Upstreams {
  origins: Record<UpstreamName, string>;
  credentials: {
    dataInclusionToken?: string;
    lemarcheToken?: string;
    inserjeunesApiKey?: string;
    datagouvApiKey?: string;
  };
}

/**
 * Where each source is reached, and with which credential: an explicit `*_URL` or credential
 * always wins; otherwise the embedded sandbox's (sandbox mode) or the live API (live mode).
 */
export function resolveUpstreams(env: Environment, sandbox: Sandbox | undefined): Upstreams {
  const fallback = (name: UpstreamName, sandboxUrl: string | undefined) => sandboxUrl ?? LIVE_ORIGINS[name];
  return {
    origins: {
      insee: env.INSEE_URL ?? fallback('insee', sandbox?.urls.insee),
      dataInclusion: env.DATA_INCLUSION_URL ?? fallback('dataInclusion', sandbox?.urls['data-inclusion']),
      lemarche: env.LEMARCHE_URL ?? fallback('lemarche', sandbox?.urls.lemarche),
      inserjeunes: env.INSERJEUNES_URL ?? fallback('inserjeunes', sandbox?.urls.inserjeunes),
      datagouv: env.DATAGOUV_URL ?? fallback('datagouv', sandbox?.urls.datagouv),
    },
    credentials: {
      dataInclusionToken: env.DATA_INCLUSION_TOKEN ?? sandbox?.credentials.dataInclusionToken,
      lemarcheToken: env.LEMARCHE_TOKEN ?? sandbox?.credentials.lemarcheToken,
      inserjeunesApiKey: env.INSERJEUNES_API_KEY ?? sandbox?.credentials.inserjeunesApiKey,
      // data.gouv reads are anonymous: a key is only ever the operator's explicit choice.
      datagouvApiKey: env.DATAGOUV_API_KEY,
    },
  };
}
