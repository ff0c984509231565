import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { Random } from './seed/random.js';

import { SOURCE_NAMES, type SourceName } from './product.js';

export const SOURCES = SOURCE_NAMES;
export type { SourceName };

/**
 * What a fault does to a matching request:
 * - `status`: answers `status` with the source's own error body, or with `body` (as JSON) when given;
 * - `rate-limit`: 429 with `Retry-After: retryAfter` seconds;
 * - `hang`: never answers (the client must time out);
 * - `malformed-json`: 200 with a truncated JSON body (the real answer cut mid-string, for sources
 *   whose error bodies say `cutsAnswers`);
 * - `off-contract`: 200 with valid JSON of the wrong shape;
 * - `reset`: destroys the connection without answering.
 */
export const FAULT_KINDS = ['status', 'rate-limit', 'hang', 'malformed-json', 'off-contract', 'reset'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  source: SourceName;
  kind: FaultKind;
  /** Regular expression matched against the path (without query string); all paths when absent. */
  path?: string;
  /** Regular expression matched against the raw query string (without `?`); any when absent. */
  query?: string;
  status?: number;
  /** For `status`: the JSON body to answer instead of the source's own (an upstream saying odd things). */
  body?: unknown;
  retryAfter?: number;
  /** How many matching requests the fault hits before it expires; unlimited when absent. */
  times?: number;
  /** Share of matching requests hit, drawn from a seeded generator (1 when absent). */
  probability?: number;
}

export interface RecordedRequest {
  source: SourceName;
  method: string;
  path: string;
  /** Raw query string, without the leading `?`. */
  query: string;
  /** Milliseconds since the sandbox started. */
  at: number;
  /** The `x-request-id` header the caller sent, if any. */
  requestId: string | undefined;
  /** Names (lower-case) of the headers the request carried; never their values, which may be secrets. */
  headerNames: string[];
}

export interface SourceCounters {
  total: number;
  byPath: Record<string, number>;
}

interface ActiveFault extends FaultRule {
  id: number;
  pattern: RegExp | undefined;
  queryPattern: RegExp | undefined;
  hits: number;
}

/** Shapes of a source's error bodies, so injected faults look like the real upstream's. */
export interface ErrorBodies {
  status(status: number): { contentType: string; body: string };
  rateLimited(): { contentType: string; body: string };
  /**
   * Whether `malformed-json` cuts the simulator's real answer mid-string (200, no Content-Length,
   * as Melodi's gateway does on large bodies) rather than answering a fixed broken body.
   */
  cutsAnswers?: boolean;
}

/** The source a path prefix of a simulator belongs to, with its error bodies. */
export interface Mount {
  source: SourceName;
  errors: ErrorBodies;
}
export type Mounts = Record<string, Mount>;

/** A JSON text cut inside a string past its middle, one character into it (its first half when it has none there). */
export function cutMidString(text: string): string {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString && c === '\\') i++;
    else if (c === '"') {
      inString = !inString;
      if (inString && i >= text.length / 2) return text.slice(0, text[i + 1] === '"' ? i + 1 : i + 2);
    }
  }
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

const MAX_LOG = 20_000;

/**
 * Test and benchmark controls shared by the five simulators: per-source latency, fault
 * injection, and a record of every request received.
 */
export class SandboxControls {
  private readonly latency = new Map<SourceName, number>();
  private faults: ActiveFault[] = [];
  private nextFaultId = 1;
  private log: RecordedRequest[] = [];
  private counts = new Map<SourceName, SourceCounters>();
  private readonly started = Date.now();
  private random = new Random('sandbox-faults');
  private readonly hungSockets = new Set<Socket>();
  private readonly toCut = new WeakSet<FastifyRequest>();

  setLatency(source: SourceName, ms: number): void {
    this.latency.set(source, Math.max(0, ms));
  }

  latencyOf(source: SourceName): number {
    return this.latency.get(source) ?? 0;
  }

  addFault(rule: FaultRule): number {
    const id = this.nextFaultId++;
    const queryPattern = rule.query ? new RegExp(rule.query) : undefined;
    this.faults.push({ ...rule, id, pattern: rule.path ? new RegExp(rule.path) : undefined, queryPattern, hits: 0 });
    return id;
  }

  removeFault(id: number): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clearFaults(source?: SourceName): void {
    this.faults = source ? this.faults.filter((f) => f.source !== source) : [];
  }

  listFaults(): FaultRule[] {
    return this.faults.map(({ pattern: _pattern, queryPattern: _query, hits: _hits, ...rule }) => rule);
  }

  counters(): { total: number; bySource: Record<SourceName, SourceCounters> } {
    const bySource = {} as Record<SourceName, SourceCounters>;
    let total = 0;
    for (const source of SOURCES) {
      const c = this.counts.get(source) ?? { total: 0, byPath: {} };
      bySource[source] = { total: c.total, byPath: { ...c.byPath } };
      total += c.total;
    }
    return { total, bySource };
  }

  /** Total requests received by one source, or by all. */
  count(source?: SourceName): number {
    return source ? (this.counts.get(source)?.total ?? 0) : this.counters().total;
  }

  requests(source?: SourceName): RecordedRequest[] {
    return source ? this.log.filter((r) => r.source === source) : [...this.log];
  }

  resetCounters(): void {
    this.log = [];
    this.counts = new Map();
  }

  /** Back to a fresh sandbox: no faults, no latency, no counts. */
  reset(): void {
    this.resetCounters();
    this.faults = [];
    this.latency.clear();
    this.random = new Random('sandbox-faults');
  }

  /** Connections left hanging by `hang` faults; destroyed when the sandbox closes. */
  destroyHungConnections(): void {
    for (const socket of this.hungSockets) socket.destroy();
    this.hungSockets.clear();
  }

  /**
   * Wires counting, latency and faults in front of every route of a simulator. A simulator may
   * serve several sources on one origin (Melodi lives under Insee's `/melodi`): `mounts` names
   * the source and error bodies of each path prefix; other paths are `source`'s.
   */
  install(app: FastifyInstance, source: SourceName, errors: ErrorBodies, mounts: Mounts = {}): void {
    const prefixes = Object.entries(mounts);
    const owner = (request: FastifyRequest): Mount => {
      for (const [prefix, mount] of prefixes) if (request.url === prefix || request.url.startsWith(`${prefix}/`)) return mount;
      return { source, errors };
    };
    // The latency counts from the request's arrival to its answer: the simulator's own work
    // happens within it, as a real upstream's does, so that concurrent answers leave together.
    const answerAt = new WeakMap<FastifyRequest, number>();
    const waitUntil = async (at: number | undefined) => {
      const left = (at ?? 0) - performance.now();
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    };
    app.addHook('onRequest', async (request, reply) => {
      const mount = owner(request);
      this.record(mount.source, request);
      answerAt.set(request, performance.now() + this.latencyOf(mount.source));
      const fault = this.matchFault(mount.source, request);
      if (!fault) return undefined;
      if (fault.kind === 'malformed-json' && mount.errors.cutsAnswers) {
        // The real answer is produced, then cut (onSend below), as a gateway dropping the stream.
        reply.header('x-sandbox-fault', fault.kind);
        this.toCut.add(request);
        return undefined;
      }
      await waitUntil(answerAt.get(request));
      return this.applyFault(fault, reply, request, mount.errors);
    });
    app.addHook('onSend', async (request, reply, payload) => {
      await waitUntil(answerAt.get(request));
      if (this.toCut.has(request) && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
        this.toCut.delete(request);
        reply.code(200);
        // A stream has no Content-Length: the client learns of the cut only when parsing.
        return Readable.from([cutMidString(payload.toString())]);
      }
      return payload;
    });
  }

  private record(source: SourceName, request: FastifyRequest): void {
    const [path = '', query = ''] = request.url.split('?', 2);
    const key = `${request.method} ${path}`;
    const counters = this.counts.get(source) ?? { total: 0, byPath: {} };
    counters.total++;
    counters.byPath[key] = (counters.byPath[key] ?? 0) + 1;
    this.counts.set(source, counters);
    if (this.log.length >= MAX_LOG) this.log.shift();
    const requestId = request.headers['x-request-id'];
    this.log.push({
      source,
      method: request.method,
      path,
      query,
      at: Date.now() - this.started,
      requestId: typeof requestId === 'string' ? requestId : undefined,
      headerNames: Object.keys(request.headers),
    });
  }

  private matchFault(source: SourceName, request: FastifyRequest): ActiveFault | undefined {
    const [path = '', query = ''] = request.url.split('?', 2);
    for (const fault of this.faults) {
      if (fault.source !== source) continue;
      if (fault.pattern && !fault.pattern.test(path)) continue;
      if (fault.queryPattern && !fault.queryPattern.test(query)) continue;

      if (fault.times !== undefined && fault.hits >= fault.times) continue;
      if (fault.probability !== undefined && !this.random.chance(fault.probability)) continue;
      fault.hits++;
      return fault;
    }
    return undefined;
  }

  private applyFault(fault: ActiveFault, reply: FastifyReply, request: FastifyRequest, errors: ErrorBodies): FastifyReply {
    // Marks the answer as injected (and keeps it out of the simulators' memo).
    reply.header('x-sandbox-fault', fault.kind);
    switch (fault.kind) {
      case 'status': {
        const { contentType, body } =
          fault.body === undefined
            ? errors.status(fault.status ?? 500)
            : { contentType: 'application/json', body: JSON.stringify(fault.body) };
        return reply
          .code(fault.status ?? 500)
          .type(contentType)
          .send(body);
      }
      case 'rate-limit': {
        const { contentType, body } = errors.rateLimited();
        if (fault.retryAfter !== undefined) reply.header('retry-after', String(fault.retryAfter));
        return reply.code(429).type(contentType).send(body);
      }
      case 'malformed-json':
        return reply.code(200).type('application/json').send('{"items": [{"id": "trunc');
      case 'off-contract':
        return reply
          .code(200)
          .type('application/json')
          .send(JSON.stringify({ unexpected: true, items: 'not-a-list' }));
      case 'hang': {
        const socket = request.raw.socket;
        this.hungSockets.add(socket);
        socket.once('close', () => this.hungSockets.delete(socket));
        return reply.hijack();
      }
      case 'reset':
        request.raw.socket.destroy();
        return reply.hijack();
    }
  }
}
