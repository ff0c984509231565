import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Every line the process logged (JSON). */
  lines: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** The lines matching `pattern`, once at least one is logged (info lines are written each second, in batches). */
  logged(pattern: RegExp, timeoutMs?: number): Promise<string[]>;
}

/** `npm start`'s command in a child process, on a free loopback port, with `env` added. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${lines.join('\n')}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${lines.join('\n')}`);
    url = lines.map((l) => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(l)?.[1]).find(Boolean);
    if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    child,
    lines,
    async logged(pattern, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!lines.some((l) => pattern.test(l)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      return lines.filter((l) => pattern.test(l));
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}

/** The first of `lines` (a process's output, still growing) that matches `pattern`, once it is there. */
export async function waitForLine(lines: readonly string[], pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = lines.find((l) => pattern.test(l));
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no line matching ${pattern} in:\n${lines.join('\n')}`);
}
