import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { waitForLine } from '../helpers/process.js';

/*
 * `npm start` as an operator or a container runs it: through npm, which starts the script in a
 * shell. A SIGTERM sent to npm must reach the server itself (the script `exec`s node), or the
 * server outlives the process its supervisor stops, and never drains.
 */
describe('npm start', () => {
  it('says where GraphiQL is, and stops the server itself when npm is sent SIGTERM', async () => {
    const npm = spawn('npm', ['start', '--silent'], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    createInterface({ input: npm.stdout! }).on('line', (line) => lines.push(line));
    createInterface({ input: npm.stderr! }).on('line', (line) => lines.push(line));
    try {
      const graphiql = await waitForLine(lines, /GraphiQL at http:\/\/127\.0\.0\.1:\d+\/graphql/);
      const url = /http:\/\/127\.0\.0\.1:\d+\/graphql/.exec(graphiql)![0];
      const origin = new URL(url).origin;
      expect((await fetch(`${origin}/healthz`)).status).toBe(200);

      npm.kill('SIGTERM');
      await once(npm, 'exit');
      // The server went down with npm: nothing answers on its port any more.
      await expect(untilRefused(`${origin}/healthz`)).resolves.toBe(true);
      expect(lines.some((line) => /"msg":"shutting down"/.test(line))).toBe(true);
    } finally {
      npm.kill('SIGKILL');
    }
  }, 60_000);
});

/** True once connections to `url` are refused (within 10 s); false if it keeps answering. */
async function untilRefused(url: string): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      await fetch(url);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
