import { LIVE_ORIGINS, type Environment } from './config.js';
import type { Sandbox } from './sandbox/index.js';

export type UpstreamName = keyof typeof LIVE_ORIGINS;

export interface Upstreams {
  /** Base URL of each source (an origin, or an origin and a path prefix for InserJeunes behind Omogen). */
  origins: Record<UpstreamName, string>;
  credentials: {
    dataInclusionToken?: string;
    lemarcheToken?: string;
    /** The legacy `x-api-key`, or with `inserjeunesOAuth` the Omogen gateway key. */
    inserjeunesApiKey?: string;
    /** OAuth2 client credentials for the Omogen gateway, and where to exchange them for a token. */
    inserjeunesOAuth?: { clientId: string; clientSecret: string; tokenUrl: string };
    datagouvApiKey?: string;
  };
}

/** The `*_URL` variable of each source. */
const URL_VARIABLE = {
  insee: 'INSEE_URL',
  dataInclusion: 'DATA_INCLUSION_URL',
  lemarche: 'LEMARCHE_URL',
  inserjeunes: 'INSERJEUNES_URL',
  datagouv: 'DATAGOUV_URL',
} as const satisfies Record<UpstreamName, keyof Environment>;

/**
 * Where each source is reached, and with which credential: an explicit `*_URL` or credential
 * always wins; otherwise the embedded sandbox's (sandbox mode) or the live API (live mode). A
 * source takes the sandbox's credentials only when it also takes the sandbox's URL, so that no
 * sandbox secret is ever sent to another host.
 */
export function resolveUpstreams(env: Environment, sandbox: Sandbox | undefined): Upstreams {
  const fromSandbox = (name: UpstreamName) => env[URL_VARIABLE[name]] === undefined && sandbox !== undefined;
  const base = (name: UpstreamName) => env[URL_VARIABLE[name]] ?? sandbox?.env[URL_VARIABLE[name]] ?? LIVE_ORIGINS[name];
  /** A credential variable, or the sandbox's when the source is the sandbox's. */
  const secret = (name: UpstreamName, variable: keyof Environment & string) =>
    (env[variable] as string | undefined) ?? (fromSandbox(name) ? sandbox?.env[variable] : undefined);

  const inserjeunes = base('inserjeunes');
  const clientId = secret('inserjeunes', 'INSERJEUNES_CLIENT_ID');
  const clientSecret = secret('inserjeunes', 'INSERJEUNES_CLIENT_SECRET');
  return {
    origins: {
      insee: base('insee'),
      dataInclusion: base('dataInclusion'),
      lemarche: base('lemarche'),
      inserjeunes,
      datagouv: base('datagouv'),
    },
    credentials: {
      dataInclusionToken: secret('dataInclusion', 'DATA_INCLUSION_TOKEN'),
      lemarcheToken: secret('lemarche', 'LEMARCHE_TOKEN'),
      inserjeunesApiKey: secret('inserjeunes', 'INSERJEUNES_API_KEY'),
      inserjeunesOAuth:
        clientId && clientSecret
          ? {
              clientId,
              clientSecret,
              // The gateway serves its token endpoint at its origin, outside the API's prefix.
              tokenUrl: env.INSERJEUNES_TOKEN_URL ?? `${new URL(inserjeunes).origin}/auth/token`,
            }
          : undefined,
      // data.gouv reads are anonymous: a key is only ever the operator's explicit choice.
      datagouvApiKey: env.DATAGOUV_API_KEY,
    },
  };
}
