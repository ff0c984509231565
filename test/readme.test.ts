import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from './helpers/sandbox.js';
import { startServer, type TestServer } from './helpers/server.js';
import { readExcelWithPandas } from './helpers/pandas.js';
import { curl, describeNeeding, openpyxl } from './helpers/system.js';

/*
 * The commands the docs tell a reader to paste: every `curl` against localhost:4000 in a ```sh
 * block of README.md and docs/*.md, run as written by a real shell and a real curl (its URL
 * globbing, its quoting) against a server started here, with only `localhost:4000` rewritten
 * to that server's address. A command that prints nothing, fails, or answers `errors` is a doc
 * that lies to its first reader.
 */

const ROOT = new URL('../', import.meta.url);
const DOCS_DIR = new URL('docs/', ROOT);
const DOCS = ['README.md', ...(existsSync(DOCS_DIR) ? readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')) : []).map((f) => `docs/${f}`)];

interface DocCommand {
  file: string;
  command: string;
}

/** The shell commands of a Markdown text's ```sh blocks, continuation lines joined, comments dropped. */
function shellCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const [, body] of markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const joined = body!.replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const command = line.replace(/\s+#\s.*$/, '').trim();
      if (command && !command.startsWith('#')) commands.push(command);
    }
  }
  return commands;
}

/** Commands a reader runs against a server started as the README says: curl to localhost:4000. */
function docCommands(): DocCommand[] {
  return DOCS.flatMap((file) =>
    shellCommands(readFileSync(new URL(file, ROOT), 'utf8'))
      .filter((command) => /^curl\s/.test(command) && command.includes('localhost:4000'))
      .map((command) => ({ file, command })),
  );
}

/** Runs a command through `sh` in `cwd`: its exit code and what it printed. */
function run(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The file a command writes, with `> name` or curl's `-o name`. */
function writtenFile(command: string): string | undefined {
  return /\s(?:>|-o)\s*([\w.-]+)\s*$/.exec(command)?.[1];
}

/** What a command left for its reader: what it printed, or the file it wrote. */
function output(command: string, stdout: string, cwd: string): string {
  const written = writtenFile(command);
  return written ? readFileSync(join(cwd, written), 'utf8') : stdout;
}

/** A command that downloads a workbook: read as a spreadsheet, not as text. */
const writesWorkbook = (command: string) => writtenFile(command)?.endsWith('.xlsx') === true;
const printing = () => docCommands().filter((c) => !writesWorkbook(c.command));
const downloading = () => docCommands().filter((c) => writesWorkbook(c.command));

describeNeeding(curl, 'the docs’ curl commands', () => {
  const sandbox = useSandbox();
  let server: TestServer;
  let cwd: string;
  beforeAll(async () => {
    server = await startServer(sandbox());
    cwd = mkdtempSync(join(tmpdir(), 'readme-'));
  });
  afterAll(async () => {
    await server?.close();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('finds the README’s first queries: one by GET, one by POST', () => {
    const readme = docCommands().filter((c) => c.file === 'README.md');
    const isPost = (command: string) => /\s(-d|--data)\s/.test(command) && !/\s-G\s/.test(command);
    expect(readme.filter((c) => !isPost(c.command)).length).toBeGreaterThan(0);
    expect(readme.filter((c) => isPost(c.command)).length).toBeGreaterThan(0);
  });

  it.each(printing().map((c) => [`${c.file}: ${c.command.slice(0, 90)}`, c] as const))(
    'prints an answer without errors: %s',
    async (_, { command }) => {
      const address = new URL(server.url).host;
      const runnable = command.replaceAll('localhost:4000', address);
      const { code, stdout, stderr } = await run(runnable, cwd);
      expect(code, `exit code; stderr: ${stderr}`).toBe(0);
      const text = output(command, stdout, cwd);
      expect(text.trim(), 'the command printed nothing').not.toBe('');
      if (/format=(csv|ndjson)/.test(command)) {
        // An export: a header and rows, and no note that it was cut short.
        const lines = text.trim().split('\n');
        expect(lines.length).toBeGreaterThan(1);
        expect(text).not.toContain('#export incomplete');
        return;
      }
      if (/localhost:4000\/mcp\b/.test(command)) {
        // A JSON-RPC answer of the MCP endpoint: a result, and a tool's result that is no error.
        const message = JSON.parse(text) as { result?: { isError?: boolean }; error?: unknown };
        expect(message.error).toBeUndefined();
        expect(message.result).toBeTruthy();
        expect(message.result?.isError).toBeFalsy();
        return;
      }
      if (command.includes('/odata/')) {
        // OData: an entity or a page of them, never an error body.
        const answer = JSON.parse(text) as Record<string, unknown>;
        expect(answer.error).toBeUndefined();
        expect(answer['@odata.context']).toMatch(/\/odata\/\$metadata#/);
        return;
      }
      const answer = JSON.parse(text) as { data?: unknown; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toBeTruthy();
    },
  );

  describeNeeding(openpyxl, 'the docs’ workbook downloads', () => {
    it.each(downloading().map((c) => [`${c.file}: ${c.command.slice(0, 90)}`, c] as const))(
      'writes a workbook that pandas opens, with rows and no cut: %s',
      async (_, { command }) => {
        const { code, stderr } = await run(command.replaceAll('localhost:4000', new URL(server.url).host), cwd);
        expect(code, `exit code; stderr: ${stderr}`).toBe(0);
        const sheet = await readExcelWithPandas(readFileSync(join(cwd, writtenFile(command)!)));
        expect(sheet.columns.length).toBeGreaterThan(0);
        expect(sheet.rows.length).toBeGreaterThan(0);
        expect(sheet.rows.some((row) => String(Object.values(row)[0]).startsWith('#export incomplete'))).toBe(false);
      },
    );
  });
});

/** Every file and folder of the project (folders with a trailing `/`), relative to its root. */
function projectPaths(dir = '', into: string[] = []): string[] {
  for (const entry of readdirSync(new URL(dir || './', ROOT), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory()) {
      into.push(`${path}/`);
      projectPaths(`${path}/`, into);
    } else into.push(path);
  }
  return into;
}

/** A path as the docs write it, as a pattern: `<domain>` and `*` stand for one name, `**` for any depth, `{a,b}` for either. */
function pathPattern(written: string): RegExp {
  const source = written
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\{([^}]*)\}/g, (_, options: string) => `(${options.split(',').join('|')})`)
    .replace(/<[a-z-]+>/g, '[^/]+')
    .replace(/\*\*\//g, '(.+/)?')
    .replace(/\*/g, '[^/]*');
  return new RegExp(`^${source}/?$`);
}

/*
 * The docs send their reader to files (ARCHITECTURE.md's "where things are decided" above all):
 * every project path they name in backquotes must be there, so that a file moved or renamed
 * takes its mentions along.
 */
describe('the README', () => {
  const readme = readFileSync(new URL('README.md', ROOT), 'utf8');

  it('is a five-minute read: under 250 lines, the reference being in docs/', () => {
    expect(readme.split('\n').length).toBeLessThan(250);
  });

  it('gives the two commands as CI reads them', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toMatch(/^npm test\b/m);
  });
});

describe('the paths the docs name', () => {
  const paths = projectPaths();
  const named = DOCS.concat('ARCHITECTURE.md').flatMap((file) =>
    [...readFileSync(new URL(file, ROOT), 'utf8').matchAll(/`((?:src|sandbox|test|bench|schema|docs)\/[^`\s]*)`/g)].map(([, path]) => ({
      file,
      path: path!,
    })),
  );

  it('are found', () => {
    expect(named.length).toBeGreaterThan(20);
  });

  it.each(named.map((n) => [`${n.file}: ${n.path}`, n] as const))('exists: %s', (_, { path }) => {
    const pattern = pathPattern(path);
    expect(
      paths.filter((p) => pattern.test(p)),
      path,
    ).not.toEqual([]);
  });
});
