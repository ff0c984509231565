import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { geography } from '../../src/geography/index.js';
import { SOURCE_NAMES, type SourceName } from '../../src/sources/names.js';
import { UpstreamBudget } from '../../src/policies/request-context.js';
import { connectionsFor } from '../helpers/connections.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { describeNeeding, redisServer } from '../helpers/system.js';
import { busiestWindow, useSandbox } from '../helpers/sandbox.js';
import { example, startServer, type GraphQLBody, type TestServer } from '../helpers/server.js';

/*
 * Issue 15, point 4: one request cannot spend an upstream's quota for everyone. Each request has
 * a budget of upstream calls per source (estimated before execution, counted during), each
 * client a fair share of each source's quota, and each source a bounded queue.
 */
const sandbox = useSandbox();

const communesOf = (department: string, n: number) =>
  geography()
    .communesOfDepartment(department)
    .filter((c) => c.kind === 'commune')
    .slice(0, n)
    .map((c) => c.code);

/** One Insee call per commune (a Données locales cube: what still reads Insee), aliased. */
const INCOME_CUBE = 'cube(dataset: "GEO2022FILO2020", variables: ["INDICS_FILO_DISP"]) { year }';
const incomes = (codes: string[]) =>
  `{ ${codes.map((code, i) => `c${i}: commune(code: "${code}") { stats { ${INCOME_CUBE} } }`).join(' ')} }`;

const rateLimited = (body: GraphQLBody) => (body.errors ?? []).filter((e) => e.extensions?.code === 'UPSTREAM_RATE_LIMITED');

describe('a request’s upstream budget', () => {
  it('refuses before any upstream call a request that could exceed a source’s budget, saying how to page', async () => {
    const server = await startServer(sandbox());
    try {
      sandbox().controls.resetCounters();
      const list = await server.graphql(`{ communes(department: "35", first: 100) { nodes { stats { ${INCOME_CUBE} } } } }`);
      expect(list.status).toBe(400);
      expect(list.body.data).toBeUndefined();
      const [error] = list.body.errors!;
      expect(error!.message).toMatch(/100 calls to insee, at most 10 per request/);
      expect(error!.message).toMatch(/smaller `first`, then page with `after`/);
      expect(error!.extensions).toMatchObject({
        code: 'GRAPHQL_VALIDATION_FAILED',
        source: 'insee',
        upstreamCalls: 100,
        requestBudget: 10,
      });

      // Aliases count, each on its own.
      const aliased = await server.graphql(incomes(communesOf('35', 11)));
      expect(aliased.status).toBe(400);
      expect(aliased.body.errors![0]!.extensions).toMatchObject({ source: 'insee', upstreamCalls: 11 });

      // So do federation representations (data.gouv.fr allows 5 a second: 10 a request, what it serves within the longest wait).
      const ids = sandboxWorld()
        .datagouv.datasets.slice(0, 11)
        .map((d) => d.id);
      expect(ids).toHaveLength(11);
      const entities = await server.graphql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { id } } }', {
        r: ids.map((id) => ({ __typename: 'Dataset', id })),
      });
      expect(entities.status).toBe(400);
      expect(entities.body.errors![0]!.extensions).toMatchObject({ source: 'datagouv', upstreamCalls: 11, requestBudget: 10 });
      expect(sandbox().controls.count()).toBe(0);

      // Paged within the budget, the same list is served.
      const page = await server.graphql(`{ communes(department: "35", first: 10) { nodes { stats { ${INCOME_CUBE} } } } }`);
      expect(page.body.errors).toBeUndefined();
      expect(sandbox().controls.count('insee')).toBe(10);
    } finally {
      await server.close();
    }
  });

  it('counts data.gouv.fr users like any data.gouv.fr call', async () => {
    const server = await startServer(sandbox());
    try {
      sandbox().controls.resetCounters();
      // Each alias counts, as for any field (the sandbox has a few users: they repeat).
      const ids = sandboxWorld().datagouv.users.map((u) => u.id);
      const aliases = Array.from({ length: 11 }, (_, i) => `u${i}: user(id: "${ids[i % ids.length]}") { id }`);
      const users = await server.graphql(`{ ${aliases.join(' ')} }`);
      expect(users.status).toBe(400);
      expect(users.body.errors![0]!.extensions).toMatchObject({ source: 'datagouv', upstreamCalls: 11, requestBudget: 10 });
      expect(sandbox().controls.count('datagouv')).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('reads <PREFIX>_REQUEST_BUDGET', async () => {
    const server = await startServer(sandbox(), { INSEE_REQUEST_BUDGET: '3' });
    try {
      const refused = await server.graphql(incomes(communesOf('44', 4)));
      expect(refused.body.errors![0]!.extensions).toMatchObject({ source: 'insee', upstreamCalls: 4, requestBudget: 3 });
      expect((await server.graphql(incomes(communesOf('44', 3)))).body.errors).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('is counted call by call, so that an estimate that is wrong cannot overspend it', async () => {
    const clients = connectionsFor(sandbox());
    try {
      const limits = Object.fromEntries(SOURCE_NAMES.map((name) => [name, 100])) as Record<SourceName, number>;
      const budget = new UpstreamBudget({ ...limits, insee: 2 });
      // The request's own clients, as its resolvers' loaders use them.
      const insee = clients.forRequest({ requestId: 'budgeted', upstreamBudget: budget }).insee;
      const cube = (code: string) => insee.cube({ dataset: 'GEO2022FILO2020', variables: ['INDICS_FILO_DISP'], level: 'COM', code });
      const outcomes = await Promise.allSettled(communesOf('44', 3).map(cube));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
      const [refused] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(refused!.reason).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', source: 'insee' });
      expect(refused!.reason.message).toMatch(/2 calls to insee one request may make/);
      expect(sandbox().controls.count('insee')).toBe(2);
    } finally {
      await clients.close();
    }
  });
});

describe('fair shares of a source’s quota', () => {
  const keys = { API_KEYS: 'attacker-key,victim-key' };
  const as = (key: string) => ({ 'x-api-key': key });

  /** Three requests of ten Insee cubes, one after the other (the whole of Insee's minute), then a victim's dashboard. */
  async function attackThenVictim(attacker: TestServer, victimServer: TestServer) {
    const codes = communesOf('35', 30);
    // Three requests within their budget, one after the other, thirty cubes: the whole of Insee's minute.
    const attacks: { body: GraphQLBody }[] = [];
    for (const from of [0, 10, 20]) attacks.push(await attacker.graphql(incomes(codes.slice(from, from + 10)), {}, as('attacker-key')));
    const victim = await victimServer.graphql(example('commune-dashboard'), { code: '44109' }, as('victim-key'));
    expect(victim.body.errors).toBeUndefined();
    expect(victim.body.data.commune.stats.legalPopulation.total).toBeGreaterThan(0);
    // Alone, the attacker had all but a reserve of the window (25 of 30), the rest refused at once.
    const refused = attacks.flatMap((a) => rateLimited(a.body));
    expect(refused).toHaveLength(5);
    for (const error of refused) expect(error.message).toMatch(/share of the insee quota/);
    const insee = sandbox()
      .controls.requests('insee')
      .map((r) => r.at);
    expect(busiestWindow(insee, 60_000)).toBeLessThanOrEqual(30);
  }

  it('a client that spends Insee’s window leaves another client its share', async () => {
    const server = await startServer(sandbox(), keys);
    try {
      await attackThenVictim(server, server);
    } finally {
      await server.close();
    }
  }, 30_000);

  describeNeeding(redisServer, 'across replicas sharing one Redis', () => {
    let redis: TestRedis;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      await redis?.stop();
    });

    it('the attacker on one replica, the victim on another', async () => {
      const replicas = await Promise.all([0, 1].map(() => startServer(sandbox(), { ...keys, REDIS_URL: redis.url })));
      try {
        for (const replica of replicas)
          for (let i = 0; i < 100 && !replica.connections.redis?.isReady; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(replicas.every((r) => r.connections.redis?.isReady)).toBe(true);
        await attackThenVictim(replicas[0]!, replicas[1]!);
        // The attacker's share is spent on every replica: its next cube is refused on the other one too.
        const again = await replicas[1]!.graphql(incomes(communesOf('44', 1)), {}, as('attacker-key'));
        expect(rateLimited(again.body)[0]?.message).toMatch(/share of the insee quota/);
      } finally {
        await Promise.all(replicas.map((r) => r.close()));
      }
    }, 30_000);
  });

  it('a victim’s cold query while an attacker runs the heaviest data·inclusion requests (measured, printed)', async () => {
    const server = await startServer(sandbox(), keys);
    try {
      const victimQuery = (commune: string) => `{ services(filter: { commune: "${commune}" }, first: 5) { totalCount } }`;
      let started = performance.now();
      const alone = await server.graphql(victimQuery('35238'), {}, as('victim-key'));
      const aloneMs = performance.now() - started;
      expect(alone.body.errors).toBeUndefined();

      // The heaviest request the budget lets through, twice at once: 100 data·inclusion calls each.
      const heavy = (department: string) =>
        `{ structures(filter: { department: "${department}", sources: [DATA_INCLUSION] }, first: 99) { nodes { services { totalCount } } } }`;
      sandbox().controls.resetCounters();
      started = performance.now();
      const attack = Promise.all(['44', '35'].map((d) => server.graphql(heavy(d), {}, as('attacker-key'))));
      // The victim asks once the attacker's structure details are on their way (its lists read).
      for (let i = 0; i < 200 && sandbox().controls.count('data-inclusion') < 10; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const victimStarted = performance.now();
      const victim = await server.graphql(victimQuery('44109'), {}, as('victim-key'));
      const victimMs = performance.now() - victimStarted;
      const attacks = await attack;
      const attackMs = performance.now() - started;
      expect(victim.body.errors).toBeUndefined();
      for (const a of attacks) expect(a.status).toBe(200);
      const calls = sandbox().controls.count('data-inclusion');
      const limited = attacks.flatMap((a) => rateLimited(a.body)).length;
      console.log(
        `[measure] victim's cold query: ${aloneMs.toFixed(0)} ms alone, ${victimMs.toFixed(0)} ms during the attack; ` +
          `attack: 2 requests, ${calls} data·inclusion calls in ${attackMs.toFixed(0)} ms, ${limited} fields UPSTREAM_RATE_LIMITED`,
      );
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('the most upstream calls one request can cause', () => {
  it('per source, a request at its budget (measured against the request log, printed)', async () => {
    const server = await startServer(sandbox());
    try {
      const world = sandboxWorld();
      const heavyStructures = (alias: string, department: string, first: number) =>
        `${alias}: structures(filter: { department: "${department}", sources: [DATA_INCLUSION] }, first: ${first}) { nodes { services { totalCount } } }`;
      const codes = [...new Set(world.inserJeunes.national.map((r) => r.code_certification))].filter((c) => /^\d{8}$/.test(c)).slice(0, 10);
      const atBudget: [SourceName, string, Record<string, unknown>?][] = [
        ['insee', incomes(communesOf('44', 10))],
        ['data-inclusion', `{ ${heavyStructures('a', '44', 99)} }`],
        [
          'lemarche',
          `{ ${world.marche.siaes
            .slice(0, 20)
            .map((siae, i) => `m${i}: structure(id: "marche--${siae.id}") { name }`)
            .join(' ')} }`,
        ],
        // No millésime asked: one call, and a second for the newest published when the first has none.
        ['inserjeunes', `{ ${codes.map((code, i) => `f${i}: formation(code: "${code}") { id }`).join(' ')} }`],
        [
          'datagouv',
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on Dataset { id } } }',
          { r: world.datagouv.datasets.slice(0, 10).map((d) => ({ __typename: 'Dataset', id: d.id })) },
        ],
      ];
      const lines: string[] = [];
      for (const [source, query, variables] of atBudget) {
        sandbox().controls.resetCounters();
        const started = performance.now();
        const { status, body } = await server.graphql(query, variables);
        expect(status, JSON.stringify(body.errors?.[0])).toBe(200);
        const calls = sandbox().controls.count(source);
        const budget = server.connections.policies[source].fairUse.requestBudget;
        expect(calls).toBeLessThanOrEqual(budget);
        const limited = rateLimited(body).length;
        lines.push(
          `${source}: ${calls} calls (budget ${budget}), ${limited} fields rate-limited, ${(performance.now() - started).toFixed(0)} ms`,
        );
      }
      console.log(`[measure] the most calls one request made, per source:\n  ${lines.join('\n  ')}`);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('a bounded queue per source', () => {
  it('answers UPSTREAM_RATE_LIMITED at once beyond QUOTA_MAX_QUEUE calls waiting', async () => {
    const server = await startServer(sandbox(), {
      DATA_INCLUSION_RATE_LIMIT: '2/1s',
      DATA_INCLUSION_REQUEST_BUDGET: '100',
      QUOTA_MAX_QUEUE: '3',
      QUOTA_MAX_WAIT_MS: '5000',
    });
    try {
      sandbox().controls.resetCounters();
      const { body } = await server.graphql(
        '{ structures(filter: { department: "44", sources: [DATA_INCLUSION] }, first: 10) { nodes { id services { totalCount } } } }',
      );
      expect(body.data.structures.nodes).toHaveLength(10);
      // The list, then ten details at once: three may wait, the other seven are refused without waiting.
      const refused = rateLimited(body);
      expect(refused).toHaveLength(7);
      for (const error of refused) {
        expect(error.extensions).toMatchObject({ source: 'data-inclusion' });
        expect(error.message).toMatch(/Too many calls to data-inclusion are waiting/);
      }
      expect(sandbox().controls.count('data-inclusion')).toBe(4);
    } finally {
      await server.close();
    }
  }, 30_000);
});
