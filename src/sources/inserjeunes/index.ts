import { fixedCredential } from '../../policies/source.js';
import type { CredentialValues, SourceCredential, SourceDefinition } from '../definition.js';
import { InserJeunesClient } from './client.js';
import { createInserJeunesLoaders } from './loaders.js';
import { OmogenToken } from './omogen-token.js';

type Variable = 'INSERJEUNES_API_KEY' | 'INSERJEUNES_CLIENT_ID' | 'INSERJEUNES_CLIENT_SECRET' | 'INSERJEUNES_TOKEN_URL';

/** Behind the Omogen gateway: OAuth2 client credentials, both set. */
const behindGateway = (values: CredentialValues<Variable>) => Boolean(values.INSERJEUNES_CLIENT_ID && values.INSERJEUNES_CLIENT_SECRET);

/**
 * Behind the Omogen gateway, client credentials are exchanged for a bearer token (the gateway
 * key goes on token requests only); on the legacy host, the key goes in `x-api-key`.
 */
const credential: SourceCredential<Variable> = {
  variables: {
    /** With a client id: the Omogen gateway key; without: the legacy `x-api-key`. */
    INSERJEUNES_API_KEY: { kind: 'secret', fromSandbox: true },
    INSERJEUNES_CLIENT_ID: { kind: 'secret', fromSandbox: true },
    INSERJEUNES_CLIENT_SECRET: { kind: 'secret', fromSandbox: true },
    /** Default `<origin of INSERJEUNES_URL>/auth/token`. */
    INSERJEUNES_TOKEN_URL: { kind: 'url', fromSandbox: false },
  },
  conflicts: (values) =>
    (values.INSERJEUNES_CLIENT_ID === undefined) === (values.INSERJEUNES_CLIENT_SECRET === undefined)
      ? []
      : [{ variable: 'INSERJEUNES_CLIENT_ID', message: 'set both INSERJEUNES_CLIENT_ID and INSERJEUNES_CLIENT_SECRET, or neither' }],
  create: (values, { base, settings, logger }) => {
    if (behindGateway(values)) {
      return new OmogenToken({
        clientId: values.INSERJEUNES_CLIENT_ID!,
        clientSecret: values.INSERJEUNES_CLIENT_SECRET!,
        // The gateway serves its token endpoint at its origin, outside the API's prefix.
        tokenUrl: values.INSERJEUNES_TOKEN_URL ?? `${new URL(base).origin}/auth/token`,
        apiKey: values.INSERJEUNES_API_KEY,
        timeoutMs: settings.timeoutMs,
        retries: settings.retries,
        logger,
      });
    }
    return values.INSERJEUNES_API_KEY ? fixedCredential({ 'x-api-key': values.INSERJEUNES_API_KEY }) : undefined;
  },
};

/**
 * InserJeunes exposition (InserJeunes and InserSup): insertion rates after a training. Served
 * behind the Education ministry's Omogen gateway since 2026-01-31, under a path prefix.
 */
export const inserjeunes = {
  name: 'inserjeunes',
  envPrefix: 'INSERJEUNES',
  liveBase: 'https://omogen-api-pr.phm.education.gouv.fr/exposition-inserjeunes-insersup',
  // Partners are asked for at most 10 requests a second. Figures change yearly: a day of cache.
  defaults: { timeoutMs: 8000, retries: 2, quota: { limit: 10, windowMs: 1000 }, concurrency: 6, cacheTtlS: 24 * 3600 },
  credential,
  // Behind the gateway every data route needs the bearer token; the legacy host's national
  // routes were public.
  createClient: (source, values) => new InserJeunesClient(source, { behindGateway: behindGateway(values) }),
  createLoaders: createInserJeunesLoaders,
  probe: {
    needsCredential: true,
    run: async (client) =>
      (await client.certifications({}, { page: 1, perPage: 1 })).value ? undefined : 'the certification list is missing',
  },
} satisfies SourceDefinition<'inserjeunes', InserJeunesClient, ReturnType<typeof createInserJeunesLoaders>>;
