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

async function waitForRedis(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      await client.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * A real Redis for a test file: `REDIS_URL` when given, otherwise a private redis-server on a
 * free port (the binary comes from Debian's redis-server package: tests that need it are wrapped
 * in describeNeeding(redisServer, …) from ./system.js).
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    // A binary that cannot start fails the hook that asked for it, not the whole run.
    const failed = new Promise<never>((_, reject) => child!.once('error', reject));
    await Promise.race([waitForRedis(url), failed]);
  };
  const stopChild = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    // A frozen server would keep the SIGTERM pending: it goes on first.
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    await exited;
  };
  const flush = async () => {
    const client = createClient({ url });
    await client.connect();
    await client.flushAll();
    await client.close();
  };
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
      flush,
    };
  }
  await start();
  return {
    url,
    stop: stopChild,
    pause: stopChild,
    resume: start,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
    flush,
  };
}
