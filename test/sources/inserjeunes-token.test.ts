import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../sandbox/index.js';
import type { Connections } from '../../src/connections.js';
import { OmogenToken } from '../../src/sources/inserjeunes/omogen-token.js';
import { connectionsFor } from '../helpers/connections.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * The Omogen gateway's OAuth2 token, against the sandbox's token endpoint: one request shared
 * by concurrent calls, renewal shortly before expiry (the sandbox's tokens live 2 s here), one
 * re-fetch after a 401 and no more, a back-off after failures, and nothing secret in the logs.
 */

const OMOGEN = '/exposition-inserjeunes-insersup';
const sandbox = useSandbox({ inserjeunesTokenLifetimeS: 2 });
/**
 * The token's lifetime and back-off are read on Date, by the client and by the sandbox (both in
 * this process): a fake Date moves them on at once. Timers stay real, for the sockets' sake.
 */
const elapse = (ms: number) => vi.advanceTimersByTime(ms);

function capturingLogger() {
  const lines: string[] = [];
  return { lines, logger: pino({ level: 'trace' }, { write: (line: string) => lines.push(line) }) };
}

function tokenFor(sb: Sandbox, overrides: Partial<ConstructorParameters<typeof OmogenToken>[0]> = {}) {
  const { credentials } = sb;
  return new OmogenToken({
    tokenUrl: `${sb.urls.inserjeunes}/auth/token`,
    clientId: credentials.inserjeunesClientId,
    clientSecret: credentials.inserjeunesClientSecret,
    apiKey: credentials.inserjeunesOmogenKey,
    timeoutMs: 2000,
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
}

const tokenRequests = () => sandbox().controls.counters().bySource.inserjeunes.byPath['POST /auth/token'] ?? 0;
const dataRequests = () =>
  sandbox()
    .controls.requests('inserjeunes')
    .filter((r) => r.path.startsWith(`${OMOGEN}/`)).length;
const certificationWith = (headers: Record<string, string>) =>
  getJson(`${sandbox().urls.inserjeunes}${OMOGEN}/api/inserjeunes/certifications/40025214`, headers);

describe('OmogenToken', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fetches one token for twenty concurrent calls, and reuses it', async () => {
    const token = tokenFor(sandbox());
    const all = await Promise.all(Array.from({ length: 20 }, () => token.headers()));
    expect(new Set(all.map((h) => h.authorization)).size).toBe(1);
    expect(all[0]!.authorization).toMatch(/^Bearer \S+$/);
    expect(tokenRequests()).toBe(1);
    expect((await certificationWith(all[0]!)).status).toBe(200);
    await token.headers();
    expect(tokenRequests()).toBe(1);
  });

  it('sends the form and the gateway key as Omogen expects', async () => {
    expect((await certificationWith(await tokenFor(sandbox()).headers())).status).toBe(200);
    await expect(tokenFor(sandbox(), { apiKey: undefined }).headers()).rejects.toMatchObject({
      code: 'UPSTREAM_UNAUTHORIZED',
      source: 'inserjeunes',
    });
    await expect(tokenFor(sandbox(), { clientSecret: 'wrong' }).headers()).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
  });

  it('renews the token shortly before expires_in runs out', async () => {
    const token = tokenFor(sandbox());
    const first = await token.headers();
    elapse(1000);
    expect(await token.headers()).toEqual(first);
    expect(tokenRequests()).toBe(1);
    // A 2 s token is renewed a tenth of its life before it ends: from 1.8 s on.
    elapse(850);
    const second = await token.headers();
    expect(second).not.toEqual(first);
    expect(tokenRequests()).toBe(2);
    elapse(300);
    expect((await certificationWith(first)).status).toBe(401);
    expect((await certificationWith(second)).status).toBe(200);
  });

  it('forgets a rejected token, once for calls that come back together', async () => {
    const token = tokenFor(sandbox());
    const first = await token.headers();
    token.rejected();
    const renewed = token.headers();
    // Calls sent with the old token, rejected while the new one is on its way.
    token.rejected();
    token.rejected();
    const again = await Promise.all([renewed, token.headers(), token.headers()]);
    expect(new Set(again.map((h) => h.authorization)).size).toBe(1);
    expect(again[0]).not.toEqual(first);
    expect(tokenRequests()).toBe(2);
  });

  it('backs off after a failing token endpoint, failing fast meanwhile, then tries again', async () => {
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 500, path: '^/auth/token$', times: 1 });
    const token = tokenFor(sandbox());
    await expect(token.headers()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'inserjeunes' });
    const meanwhile = await Promise.allSettled(Array.from({ length: 20 }, () => token.headers()));
    for (const result of meanwhile) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: /next token request in/ });
    }
    expect(tokenRequests()).toBe(1);
    elapse(1100);
    expect((await token.headers()).authorization).toMatch(/^Bearer /);
    expect(tokenRequests()).toBe(2);
  });

  it('absorbs a 503 blip with one retry, and reports a hanging endpoint as UPSTREAM_TIMEOUT', async () => {
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 503, path: '^/auth/token$', times: 1 });
    expect((await tokenFor(sandbox()).headers()).authorization).toMatch(/^Bearer /);
    expect(tokenRequests()).toBe(2);
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'hang', path: '^/auth/token$' });
    await expect(tokenFor(sandbox(), { timeoutMs: 300, retries: 0 }).headers()).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(tokenRequests()).toBe(3);
  });

  it('backs off longer after each failure in a row', async () => {
    const token = tokenFor(sandbox(), { clientSecret: 'wrong' });
    await expect(token.headers()).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
    elapse(1100);
    await expect(token.headers()).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
    expect(tokenRequests()).toBe(2);
    // The second failure holds the next request back for 2 s, not 1.
    elapse(1100);
    await expect(token.headers()).rejects.toMatchObject({ message: /next token request in/ });
    expect(tokenRequests()).toBe(2);
  });
});

describe('InserJeunes data calls with the gateway token', () => {
  let clients: Connections | undefined;
  afterEach(async () => {
    await clients?.close();
    clients = undefined;
  });

  it('after a 401, fetch one new token and try once more; a second 401 is UPSTREAM_UNAUTHORIZED, with no loop', async () => {
    clients = connectionsFor(sandbox(), { INSERJEUNES_RETRIES: '0' });
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 401, path: `^${OMOGEN}/` });
    await expect(clients.inserjeunes.certification('40025214')).rejects.toMatchObject({
      code: 'UPSTREAM_UNAUTHORIZED',
      source: 'inserjeunes',
    });
    expect(tokenRequests()).toBe(2);
    expect(dataRequests()).toBe(2);
    sandbox().controls.clearFaults();
    expect((await clients.inserjeunes.certification('40025214')).value).toMatchObject({ code_certification: '40025214' });
    expect(tokenRequests()).toBe(2);
  });

  it('a gateway refusing every token costs one token request, not one per call', async () => {
    clients = connectionsFor(sandbox(), { INSERJEUNES_RETRIES: '0' });
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 401, path: `^${OMOGEN}/` });
    for (const code of ['40025214', '40025213', '40025510', '40033003', '40031102']) {
      await expect(clients.inserjeunes.certification(code)).rejects.toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED' });
    }
    expect(tokenRequests()).toBe(2);
    expect(dataRequests()).toBe(10);
  });

  it('recovers from a token the gateway revoked, with one new token', async () => {
    clients = connectionsFor(sandbox(), { INSERJEUNES_RETRIES: '0' });
    await clients.inserjeunes.certification('40025214');
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 401, path: `^${OMOGEN}/`, times: 1 });
    expect((await clients.inserjeunes.certification('40025213')).value).toMatchObject({ code_certification: '40025213' });
    expect(tokenRequests()).toBe(2);
    expect(dataRequests()).toBe(3);
  });

  it('never logs the token, the client secret or the gateway key', async () => {
    const { lines, logger } = capturingLogger();
    const { credentials } = sandbox();
    const secrets = [credentials.inserjeunesClientSecret, credentials.inserjeunesOmogenKey];
    const token = tokenFor(sandbox(), { logger });
    const bearer = async () => (await token.headers()).authorization!.slice('Bearer '.length);
    secrets.push(await bearer());
    token.rejected();
    secrets.push(await bearer());
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 500, path: '^/auth/token$', times: 1 });
    const failing = tokenFor(sandbox(), { logger });
    const errors = await Promise.allSettled([failing.headers(), failing.headers()]);
    const refused = await Promise.allSettled([
      tokenFor(sandbox(), { logger, clientSecret: `${credentials.inserjeunesClientSecret}x` }).headers(),
    ]);
    // And the whole way through the source, 401 and renewal included.
    clients = connectionsFor(sandbox(), { INSERJEUNES_RETRIES: '0', LOG_LEVEL: 'trace' }, logger);
    sandbox().controls.addFault({ source: 'inserjeunes', kind: 'status', status: 401, path: `^${OMOGEN}/`, times: 1 });
    await clients.inserjeunes.certification('40025214');

    expect(lines.some((line) => line.includes('token request failed'))).toBe(true);
    const said = [...lines, ...[...errors, ...refused].map((r) => String((r as PromiseRejectedResult).reason?.message))];
    for (const line of said) {
      expect(line).not.toMatch(/bearer/i);
      for (const secret of secrets) expect(line).not.toContain(secret);
    }
  });
});
