import { z } from 'zod';

/** Origins of the live public APIs, used when `UPSTREAMS=live` and no `*_URL` overrides them. */
export const LIVE_ORIGINS = {
  insee: 'https://api.insee.fr',
  dataInclusion: 'https://api.data.inclusion.gouv.fr',
  lemarche: 'https://lemarche.inclusion.gouv.fr',
  inserjeunes: 'https://exposition.inserjeunes.beta.gouv.fr',
  datagouv: 'https://www.data.gouv.fr',
} as const;

const origin = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));
const optionalSecret = z.string().min(1).optional();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  UPSTREAMS: z.enum(['sandbox', 'live']).default('sandbox'),
  INSEE_URL: origin.optional(),
  DATA_INCLUSION_URL: origin.optional(),
  LEMARCHE_URL: origin.optional(),
  INSERJEUNES_URL: origin.optional(),
  DATAGOUV_URL: origin.optional(),
  DATA_INCLUSION_TOKEN: optionalSecret,
  LEMARCHE_TOKEN: optionalSecret,
  INSERJEUNES_API_KEY: optionalSecret,
  DATAGOUV_API_KEY: optionalSecret,
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Environment = z.infer<typeof schema>;

export class ConfigError extends Error {}

/**
 * Reads and validates the environment. Every problem is reported at once, by variable name;
 * values are never echoed, since some of them are credentials.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  // An empty variable means "not set", as shells and compose files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `- ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
