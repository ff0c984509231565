import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { REDIS_SERVER } from './system.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
  });
}

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
  /** Stops the server but keeps its port, to be started again. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as a hung Redis. */
  freeze(): void;
  /** Lets a frozen server go on (SIGCONT). */
  thaw(): void;
  flush(): Promise<void>;
}

/** The server a test started stopped before answering: on a fresh port, another process took it meanwhile. */
class RedisExited extends Error {}

/**
 * Waits until the redis-server `child` answers at `url`. A server answering there with another
 * process id does not count: another run's server took the port between freePort and the bind.
 */
async function waitForRedis(url: string, child: ChildProcess): Promise<void> {
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const deadline = Date.now() + 10_000;
  for (;;) {
    // A binary that cannot start fails the hook that asked for it, not the whole run.
    if (spawnError) throw spawnError;
    if (child.exitCode !== null || child.signalCode !== null) throw new RedisExited(`redis-server exited before answering at ${url}`);
    const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
    client.on('error', () => {});
    try {
      await client.connect();
      const info = await client.info('server');
      await client.close();
      if (new RegExp(`^process_id:${child.pid}\\r?$`, 'm').test(info)) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function flushRedis(url: string): Promise<void> {
  const client = createClient({ url });
  await client.connect();
  await client.flushAll();
  await client.close();
}

const spawnRedis = (port: number) =>
  spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });

/**
 * A real Redis for a test file: `REDIS_URL` when given, otherwise a private redis-server on a
 * free port (the binary comes from Debian's redis-server package: tests that need it are wrapped
 * in describeNeeding(redisServer, …) from ./system.js).
 */
export async function startRedis(): Promise<TestRedis> {
  const external = process.env.REDIS_URL;
  if (external) {
    return {
      url: external,
      stop: async () => {},
      pause: async () => {
        throw new Error('cannot pause an external REDIS_URL');
      },
      resume: async () => {},
      freeze: () => {
        throw new Error('cannot freeze an external REDIS_URL');
      },
      thaw: () => {},
      flush: () => flushRedis(external),
    };
  }
  let port = 0;
  let child: ChildProcess | undefined;
  // A free port can be taken by another process before redis-server binds it: then another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    child = spawnRedis(port);
    try {
      await waitForRedis(`redis://127.0.0.1:${port}`, child);
      break;
    } catch (error) {
      if (!(error instanceof RedisExited) || attempt === 5) throw error;
    }
  }
  const url = `redis://127.0.0.1:${port}`;
  // Once started, the server keeps its port: the servers under test hold its URL.
  const start = async () => {
    child = spawnRedis(port);
    await waitForRedis(url, child);
  };
  const stopChild = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    // A frozen server would keep the SIGTERM pending: it goes on first.
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    await exited;
  };
  return {
    url,
    stop: stopChild,
    pause: stopChild,
    resume: start,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    flush: () => flushRedis(url),
  };
}
