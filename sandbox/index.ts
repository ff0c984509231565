import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { createControlApp } from './control-api.js';
import { SandboxControls, type SourceName } from './controls.js';
import { createDataInclusionApp } from './data-inclusion/app.js';
import { createDatagouvApp } from './datagouv/app.js';
import { createInseeApp } from './insee/app.js';
import { createInserJeunesApp } from './inserjeunes/app.js';
import { OMOGEN_PREFIX } from './inserjeunes/omogen.js';
import { MELODI_PREFIX } from './melodi/app.js';
import { signJwt } from './jwt.js';
import { createLemarcheApp } from './lemarche/app.js';
import { sandboxWorld } from './world.js';

export { SandboxControls, SOURCES, type FaultKind, type FaultRule, type RecordedRequest, type SourceName } from './controls.js';

export interface SandboxOptions {
  host?: string;
  /** Port of each simulator and of the control routes; 0 (the default) picks a free one. */
  ports?: Partial<Record<OwnOrigin | 'control', number>>;
  /** Insee's quota per client address and rolling window (default 30 a minute, as the real gateway). */
  inseeQuota?: { limit: number; windowMs: number };
  /** Melodi's own quota, the same way (default 30 a minute, as the real service). */
  melodiQuota?: { limit: number; windowMs: number };
  /** Lifetime of the tokens InserJeunes' gateway (Omogen) hands out, in seconds (default an hour). */
  inserjeunesTokenLifetimeS?: number;
}

/** Credentials the sandbox accepts, shaped like the real ones; fixed so runs are reproducible. */
export interface SandboxCredentials {
  dataInclusionToken: string;
  /** A data·inclusion token without the `api` scope (403 on data routes). */
  dataInclusionWidgetToken: string;
  lemarcheToken: string;
  /** The legacy host's shared key (`x-api-key`). */
  inserjeunesApiKey: string;
  inserjeunesUsername: string;
  inserjeunesPassword: string;
  /** OAuth2 client credentials of InserJeunes' gateway (Omogen), and its own key (`X-Omogen-Api-Key`). */
  inserjeunesClientId: string;
  inserjeunesClientSecret: string;
  inserjeunesOmogenKey: string;
  datagouvApiKey: string;
}

export interface Sandbox {
  /** Origin of each simulator (`http://127.0.0.1:port`, Melodi's with its path), as the `*_URL` variables expect. */
  urls: Record<SourceName | 'control', string>;
  credentials: SandboxCredentials;
  controls: SandboxControls;
  /** Environment that points the server at this sandbox. */
  env: Record<string, string>;
  /** Clears counters, faults, latency, quotas and writes. */
  reset(): void;
  close(): Promise<void>;
}

function secret(name: string): string {
  return createHash('sha256').update(`inclusion-graph-sandbox:${name}`).digest('hex');
}

export function sandboxCredentials(): SandboxCredentials {
  const jwtSecret = secret('data-inclusion-jwt');
  return {
    dataInclusionToken: signJwt({ sub: 'sandbox', scopes: ['api'], created_at: '2026-01-01T00:00:00' }, jwtSecret),
    dataInclusionWidgetToken: signJwt({ sub: 'sandbox-widget', scopes: ['widget'], created_at: '2026-01-01T00:00:00' }, jwtSecret),
    lemarcheToken: secret('lemarche-key') + secret('lemarche-key-2').slice(0, 16),
    inserjeunesApiKey: secret('inserjeunes-key').slice(0, 40),
    inserjeunesUsername: 'sandbox',
    inserjeunesPassword: secret('inserjeunes-password').slice(0, 20),
    inserjeunesClientId: 'inclusion-graph-sandbox',
    inserjeunesClientSecret: secret('inserjeunes-omogen-client-secret').slice(0, 32),
    inserjeunesOmogenKey: secret('inserjeunes-omogen-key').slice(0, 36),
    datagouvApiKey: `udata_${secret('datagouv-key').slice(0, 40)}`,
  };
}

/**
 * Sources served under a path of another's origin rather than on their own port: Melodi lives
 * beside Données locales on Insee's origin, as both do on api.insee.fr.
 */
const MOUNTED = { melodi: { on: 'insee', prefix: MELODI_PREFIX } } as const satisfies Partial<
  Record<SourceName, { on: SourceName; prefix: string }>
>;
type OwnOrigin = Exclude<SourceName, keyof typeof MOUNTED>;

/** Starts the upstream simulators and their control routes on loopback. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const world = sandboxWorld();
  const controls = new SandboxControls();
  const credentials = sandboxCredentials();
  const insee = createInseeApp(controls, {
    quota: options.inseeQuota ?? { limit: 30, windowMs: 60_000 },
    melodiQuota: options.melodiQuota ?? { limit: 30, windowMs: 60_000 },
  });
  const datagouv = createDatagouvApp(world.datagouv, controls, { apiKeys: [credentials.datagouvApiKey] });
  const apps: Record<OwnOrigin, FastifyInstance> = {
    insee,
    'data-inclusion': createDataInclusionApp(world.dataInclusion, controls, { jwtSecret: secret('data-inclusion-jwt') }),
    lemarche: createLemarcheApp(world.marche, controls, { apiKey: credentials.lemarcheToken }),
    inserjeunes: createInserJeunesApp(world.inserJeunes, controls, {
      apiKey: credentials.inserjeunesApiKey,
      username: credentials.inserjeunesUsername,
      password: credentials.inserjeunesPassword,
      jwtSecret: secret('inserjeunes-jwt'),
      omogen: {
        clientId: credentials.inserjeunesClientId,
        clientSecret: credentials.inserjeunesClientSecret,
        apiKey: credentials.inserjeunesOmogenKey,
        tokenLifetimeS: options.inserjeunesTokenLifetimeS ?? 3600,
      },
    }),
    datagouv,
  };
  const reset = () => {
    controls.reset();
    insee.resetQuota();
    datagouv.resetWrites();
  };
  const urls = {} as Record<SourceName | 'control', string>;
  const control = createControlApp(controls, () => ({ urls }), reset);
  const started: FastifyInstance[] = [];
  try {
    for (const [name, app] of [...Object.entries(apps), ['control', control]] as [OwnOrigin | 'control', FastifyInstance][]) {
      const address = await app.listen({ host, port: options.ports?.[name] ?? 0 });
      started.push(app);
      urls[name] = address.replace('[::1]', 'localhost');
    }
    for (const [name, { on, prefix }] of Object.entries(MOUNTED)) urls[name as keyof typeof MOUNTED] = `${urls[on]}${prefix}`;
  } catch (error) {
    await Promise.all(started.map((app) => app.close()));
    throw error;
  }
  return {
    urls,
    credentials,
    controls,
    env: {
      INSEE_URL: urls.insee,
      MELODI_URL: urls.melodi,
      DATA_INCLUSION_URL: urls['data-inclusion'],
      LEMARCHE_URL: urls.lemarche,
      // InserJeunes as it is reached since 2026-01-31: behind the Omogen gateway, with a token.
      INSERJEUNES_URL: `${urls.inserjeunes}${OMOGEN_PREFIX}`,
      DATAGOUV_URL: urls.datagouv,
      DATA_INCLUSION_TOKEN: credentials.dataInclusionToken,
      LEMARCHE_TOKEN: credentials.lemarcheToken,
      INSERJEUNES_CLIENT_ID: credentials.inserjeunesClientId,
      INSERJEUNES_CLIENT_SECRET: credentials.inserjeunesClientSecret,
      INSERJEUNES_API_KEY: credentials.inserjeunesOmogenKey,
    },
    reset,
    async close() {
      controls.destroyHungConnections();
      await Promise.all(started.map((app) => app.close()));
    },
  };
}
