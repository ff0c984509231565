import { getHeapStatistics } from 'node:v8';
import { z } from 'zod';
import type { CredentialValues } from './sources/definition.js';
import { SOURCE_NAMES, type SourceName } from './sources/names.js';
import { definitionOf, type CredentialVariableName, type UrlVariable } from './sources/registry.js';
import type { SourceSettings } from './policies/settings.js';

const origin = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** How each kind of credential variable is validated. */
const CREDENTIAL_VARIABLE = { secret: z.string().min(1), url: z.url({ protocol: /^https?$/ }) };

export type SourceVariable = UrlVariable | CredentialVariableName;

/**
 * Each source's own variables, read from its definition: its `<PREFIX>_URL`s first, then its
 * credential variables (those of InserJeunes, say, are `INSERJEUNES_API_KEY`, `_CLIENT_ID`…).
 */
function sourceVariables() {
  const urls = SOURCE_NAMES.map((name) => [`${definitionOf(name).envPrefix}_URL`, origin.optional()] as const);
  const credentials = SOURCE_NAMES.flatMap((name) =>
    Object.entries(definitionOf(name).credential.variables).map(
      ([variable, { kind }]) => [variable, CREDENTIAL_VARIABLE[kind].optional()] as const,
    ),
  );
  return Object.fromEntries([...urls, ...credentials]) as Record<SourceVariable, z.ZodOptional<z.ZodType<string>>>;
}

/** A source's configured credential variables, by name. */
function credentialValues(env: Partial<Record<SourceVariable, string>>, name: SourceName): CredentialValues {
  return Object.fromEntries(Object.keys(definitionOf(name).credential.variables).map((v) => [v, env[v as SourceVariable]]));
}

/** Variables of one source that only make sense together (both or neither…), named in the message. */
function reportCredentialConflicts(env: Partial<Record<SourceVariable, string>>, context: z.RefinementCtx) {
  for (const name of SOURCE_NAMES)
    for (const conflict of definitionOf(name).credential.conflicts?.(credentialValues(env, name)) ?? [])
      context.addIssue({ code: 'custom', message: conflict.message, path: [conflict.variable] });
}

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    UPSTREAMS: z.enum(['sandbox', 'live']).default('sandbox'),
    ...sourceVariables(),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Entries kept per source in the in-process cache (least recently used go first). */
    CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).default(20_000),
    /** How long an expired answer is kept to be served when its upstream fails, in seconds. */
    CACHE_STALE_TTL_S: z.coerce
      .number()
      .int()
      .min(0)
      .default(7 * 24 * 3600),
    /** How long a request may wait for its source's quota before UPSTREAM_RATE_LIMITED, in ms. */
    QUOTA_MAX_WAIT_MS: z.coerce.number().int().min(0).default(2000),
    /** The part of a source's quota window one client (API key or address) may hold, in (0, 1]. */
    QUOTA_CLIENT_SHARE: z.coerce.number().gt(0).max(1).default(0.5),
    /** Calls waiting for a source's slots at once, per source and process; by default its quota's limit, and at least twice its request budget. */
    QUOTA_MAX_QUEUE: z.coerce.number().int().min(1).optional(),
    /** Consecutive-window failure rate (percent) that opens a source's circuit. */
    BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
    /** Requests in the rolling window before the breaker may open. */
    BREAKER_MIN_REQUESTS: z.coerce.number().int().min(1).default(5),
    /** How long an open circuit fails fast before one probe goes through, in ms. */
    BREAKER_RESET_MS: z.coerce.number().int().min(100).default(15_000),
    /**
     * The benchmarks' naive baseline: the same resolvers with no DataLoader batching or
     * memoisation, no upstream cache and no single-flight. Never for production.
     */
    NAIVE_BASELINE: bool.default(false),
    /** The whole-response cache (off: every request executes). */
    RESPONSE_CACHE: bool.default(true),
    /** Responses kept in memory when there is no Redis. */
    RESPONSE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).default(5000),
    /** Megabytes of responses kept in memory when there is no Redis (least recently used go first). */
    RESPONSE_CACHE_MAX_MB: z.coerce.number().positive().default(64),
    /** Megabytes of answers the hot layer (in front of the response cache, in each process) keeps. */
    HOT_RESPONSES_MAX_MB: z.coerce.number().positive().default(64),

    // Protection of the GraphQL endpoint; defaults let every client query of the contract through.
    MAX_DEPTH: z.coerce.number().int().min(1).default(12),
    MAX_ALIASES: z.coerce.number().int().min(0).default(20),
    MAX_TOKENS: z.coerce.number().int().min(10).default(5000),
    MAX_DIRECTIVES: z.coerce.number().int().min(0).default(20),
    /** Lists weigh their `first` times their items' cost. */
    MAX_COST: z.coerce.number().int().min(1).default(20_000),
    /** Federation entity representations per request (`_entities`), all `_entities` fields together. */
    MAX_ENTITIES: z.coerce.number().int().min(1).default(100),
    /** List items one answer may hold, all its lists together (counted while it runs). */
    MAX_ANSWER_ITEMS: z.coerce.number().int().min(1).default(100_000),
    INTROSPECTION: bool.default(true),
    FIELD_SUGGESTIONS: bool.default(true),
    /** Allowed browser origins: `*`, or a comma-separated list. */
    CORS_ORIGINS: z.string().default('*'),
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(100 * 1024),
    /** A whole request (headers and body) must arrive within this, in ms: slow or dripping clients are cut off (408). */
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    /** A connection with no traffic at all for this long is closed, in ms. */
    CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
    /** Open connections at once; new ones beyond are dropped at once. */
    MAX_CONNECTIONS: z.coerce.number().int().min(1).default(10_000),
    /**
     * Which proxies' `X-Forwarded-For` to believe for the client's address (rate limits, logs):
     * `false` (none: the socket's peer is the client), `true`, a hop count, or comma-separated
     * addresses and CIDRs, as Fastify's `trustProxy` takes them.
     */
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, 'expected false, true, a hop count, or addresses/CIDRs separated by commas')
      .default('false')
      .transform((v): boolean | number | string[] => {
        if (v === 'false' || v === 'true') return v === 'true';
        if (/^\d+$/.test(v)) return Number(v);
        return v.split(',').map((a) => a.trim());
      }),
    /** Requests per minute per client (its API key when it sends a configured one, else its IP). */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    /** A port of its own for `/metrics` (same HOST), then not served on the public port; unset: on the public port. */
    METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    /**
     * `/readyz` on the public port with the operators' details (each source's breaker, whether its
     * credential is configured, its latest error); off: the state of each only. The details are
     * always on METRICS_PORT's listener.
     */
    READYZ_DETAILS: bool.default(false),
    /**
     * Load shedding (503 SERVER_OVERLOADED) once the event loop lags this much on average over a
     * second, in ms (0: never on this ground). A healthy lag is under 5 ms, a burst of 200 cold
     * dashboards on one process lags up to ~200 ms and is served whole; past half a second every
     * request already waits that long before it is even read, and the lag grows while the
     * arrivals outpace the core.
     */
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(500),
    /** Load shedding once the V8 heap in use passes this, in MB (0: never); default 90% of V8's heap limit. */
    OVERLOAD_MAX_HEAP_USED_MB: z.coerce
      .number()
      .int()
      .min(0)
      .default(() => Math.floor((getHeapStatistics().heap_size_limit * 0.9) / 2 ** 20)),
    /** Rows one export (CSV, NDJSON or xlsx) may hold; past it the export says it was cut (X-Export-Truncated, a trailer row). */
    EXPORT_MAX_ROWS: z.coerce.number().int().min(1).default(100_000),
    /** Megabytes one export may write; past it the export says it was cut, as past EXPORT_MAX_ROWS. */
    EXPORT_MAX_MB: z.coerce.number().positive().default(100),
    /** Exports one client (API key, else address) may run at once; beyond, 429 with Retry-After. */
    EXPORT_MAX_PER_CLIENT: z.coerce.number().int().min(1).default(2),
    /** Exports the process runs at once, all clients together; beyond, 503 with Retry-After. */
    EXPORT_MAX_CONCURRENT: z.coerce.number().int().min(1).default(8),
    /**
     * At shutdown (SIGTERM), how long the exports in flight may go on, in seconds, while no new
     * request is taken; past it each ends with its incomplete marker and the connections close.
     * Keep it under the orchestrator's own limit (Kubernetes' terminationGracePeriodSeconds, 30 s
     * by default), past which the process is killed and the files simply stop.
     */
    EXPORT_SHUTDOWN_GRACE_S: z.coerce.number().min(0).default(25),
    /** A folder of `.graphql` operations served as named endpoints (`GET /rest/<file name>`), beside schema/examples/. */
    PERSISTED_QUERIES_DIR: z.string().min(1).optional(),
    /** The Model Context Protocol endpoint, POST /mcp: the named operations as tools for assistants (off: /mcp answers 404). */
    MCP_ENABLED: bool.default(true),
    /** Its exploration tools, `search_schema` and `run_query` (ad-hoc read-only GraphQL); off: the named operations only. */
    MCP_ADHOC: bool.default(true),
    /** Inline traces (`ftv1`) for a gateway that asks with `apollo-federation-include-trace`; off: nobody gets one. */
    FEDERATION_TRACING: bool.default(false),
    /** Comma-separated client API keys (header X-Api-Key); each key gets its own rate limit. */
    API_KEYS: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .default([]),
  })
  .superRefine(reportCredentialConflicts);

export type Environment = z.infer<typeof schema> & { sources: Record<SourceName, SourceSettings> };

const rate = z
  .string()
  .regex(/^\d+\/\d+(ms|s|m)$/, 'expected <requests>/<window>, e.g. 30/60s, 10/1s, 100/500ms')
  .transform((value) => {
    const [, limit, amount, unit] = /^(\d+)\/(\d+)(ms|s|m)$/.exec(value)!;
    return { limit: Number(limit), windowMs: Number(amount) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000) };
  })
  .refine((q) => q.limit > 0 && q.windowMs > 0, 'both numbers must be positive');

const sourceSchema = (defaults: SourceSettings) =>
  z.object({
    TIMEOUT_MS: z.coerce.number().int().min(1).default(defaults.timeoutMs),
    RETRIES: z.coerce.number().int().min(0).max(10).default(defaults.retries),
    RATE_LIMIT: rate.optional(),
    CONCURRENCY: z.coerce.number().int().min(1).default(defaults.concurrency),
    CACHE_TTL_S: z.coerce.number().int().min(0).default(defaults.cacheTtlS),
    /** Upstream calls one GraphQL request may make (default: src/policies/fair-use.ts). */
    REQUEST_BUDGET: z.coerce.number().int().min(1).optional(),
  });

/** `<PREFIX>_TIMEOUT_MS`, `_RETRIES`, `_RATE_LIMIT`, `_CONCURRENCY`, `_CACHE_TTL_S`, `_REQUEST_BUDGET` for each source. */
function readSourceSettings(env: Record<string, string>): { sources?: Record<SourceName, SourceSettings>; issues: string[] } {
  const sources = {} as Record<SourceName, SourceSettings>;
  const issues: string[] = [];
  for (const source of SOURCE_NAMES) {
    const { envPrefix, defaults } = definitionOf(source);
    const prefix = `${envPrefix}_`;
    const own = Object.fromEntries(
      Object.entries(env)
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, value]) => [key.slice(prefix.length), value]),
    );
    const result = sourceSchema(defaults).safeParse(own);
    if (!result.success) {
      issues.push(...result.error.issues.map((issue) => `- ${prefix}${issue.path.join('.')}: ${issue.message}`));
      continue;
    }
    const r = result.data;
    sources[source] = {
      timeoutMs: r.TIMEOUT_MS,
      retries: r.RETRIES,
      quota: r.RATE_LIMIT ?? defaults.quota,
      concurrency: r.CONCURRENCY,
      cacheTtlS: r.CACHE_TTL_S,
      fairUse: { requestBudget: r.REQUEST_BUDGET },
    };
  }
  return issues.length > 0 ? { issues } : { sources, issues };
}

export class ConfigError extends Error {}

/**
 * Reads and validates the environment. Every problem is reported at once, by variable name;
 * values are never echoed, since some of them are credentials.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  // An empty variable means "not set", as shells and compose files often leave them.
  const present = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const result = schema.safeParse(present);
  const settings = readSourceSettings(present);
  const lines = [
    ...(result.success ? [] : result.error.issues.map((issue) => `- ${issue.path.join('.')}: ${issue.message}`)),
    ...settings.issues,
  ];
  if (!result.success || !settings.sources) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  const { QUOTA_CLIENT_SHARE: clientShare, QUOTA_MAX_QUEUE: maxQueue } = result.data;
  // The fair use of every source's quota follows these two, unless its own settings say otherwise.
  for (const source of Object.values(settings.sources)) source.fairUse = { clientShare, maxQueue, ...source.fairUse };
  return { ...result.data, sources: settings.sources };
}

/**
 * The environment, or the process ends with the configuration's problems on stderr and `code`:
 * what an entry point (the server, the doctor) does with a bad configuration.
 */
export function readEnvironmentOrExit(code: number): Environment {
  try {
    return readEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(code);
  }
}
