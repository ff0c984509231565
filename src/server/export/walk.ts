import { setImmediate as nextTurn } from 'node:timers/promises';
import { failsConnection, pageAt, type Page } from './rows.js';

/** One execution of the export's query, from a cursor: its answer as Apollo gave it. */
export type RunPage = (after: string | null) => Promise<{ data?: Record<string, unknown> | null; errors?: readonly ErrorLike[] }>;

interface ErrorLike {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

export type PageOutcome = { ok: true; page: Page; cellErrors: number } | { ok: false; reason: string };

/** A page's rows, or why the page is lost: the connection (or a field above it) failed. */
export function readPage(answer: Awaited<ReturnType<RunPage>>, path: readonly string[]): PageOutcome {
  const errors = answer.errors ?? [];
  const lost = errors.find((error) => failsConnection(error, path));
  const page = answer.data ? pageAt(answer.data, path) : undefined;
  if (lost || !page) {
    const code = lost?.extensions?.code;
    return { ok: false, reason: lost ? `${lost.message}${code ? ` (${String(code)})` : ''}` : 'the list is missing from the answer' };
  }
  return { ok: true, page, cellErrors: errors.length };
}

/** How an export ended: whole, or cut, and why. */
export interface WalkEnd {
  rows: number;
  cellErrors: number;
  /** Set when rows are missing: why, and how many when known. */
  incomplete?: { reason: string; missing: number | null };
}

/**
 * Follows the connection's cursor from the first page (already read) to the last, handing each
 * page's nodes to `write` as they come (one page in memory at a time), up to `maxRows`.
 *
 * Each page waits for the event loop's next turn before it runs: pages read from memory (the
 * geography, cached lists) resolve without any I/O, and a walk of hundreds of them would
 * otherwise hold the loop for its whole run, every other request waiting behind it.
 */
export async function* walk(
  first: Page,
  run: RunPage,
  path: readonly string[],
  maxRows: number,
  end: WalkEnd,
  stop?: AbortSignal,
): AsyncGenerator<unknown[]> {
  let page = first;
  const total = first.totalCount;
  for (;;) {
    const room = maxRows - end.rows;
    const nodes = page.nodes.length > room ? page.nodes.slice(0, room) : page.nodes;
    end.rows += nodes.length;
    if (nodes.length > 0) yield nodes;
    const more = page.hasNextPage || page.nodes.length > nodes.length;
    if (!more) return;
    const missing = total === null ? null : Math.max(0, total - end.rows);
    if (end.rows >= maxRows) {
      end.incomplete = { reason: `the export stops at EXPORT_MAX_ROWS (${maxRows} rows)`, missing };
      return;
    }
    if (!page.endCursor || page.nodes.length === 0) {
      end.incomplete = { reason: 'the list said it had more rows but gave no cursor to them', missing };
      return;
    }
    await nextTurn();
    // Stopped (shutdown): now, or while the next page is awaited, rather than after it.
    if (stop?.aborted) {
      end.incomplete = { reason: String(stop.reason), missing };
      return;
    }
    let outcome: PageOutcome;
    try {
      const answer = await (stop ? untilStopped(run(page.endCursor), stop) : run(page.endCursor));
      if (answer === STOPPED) {
        end.incomplete = { reason: String(stop!.reason), missing };
        return;
      }
      outcome = readPage(answer, path);
    } catch (error) {
      outcome = { ok: false, reason: (error as Error).message };
    }
    if (!outcome.ok) {
      end.incomplete = { reason: `a page failed after ${end.rows} rows: ${outcome.reason}`, missing };
      return;
    }
    end.cellErrors += outcome.cellErrors;
    page = outcome.page;
  }
}

const STOPPED = Symbol('stopped');

/** The page's answer, or STOPPED as soon as `stop` is aborted (the page's calls then end on their own, unread). */
function untilStopped<T>(pending: Promise<T>, stop: AbortSignal): Promise<T | typeof STOPPED> {
  return new Promise((resolve, reject) => {
    const onStop = () => resolve(STOPPED);
    stop.addEventListener('abort', onStop, { once: true });
    pending.then(resolve, reject).finally(() => stop.removeEventListener('abort', onStop));
  });
}

/** The text of the last row of a cut export (CSV, xlsx): how many rows it holds, and why it stops there. */
export const incompleteNote = (end: WalkEnd) => `#export incomplete: ${end.rows} rows written; ${end.incomplete?.reason ?? ''}`;

/**
 * Each page's rows encoded (one array a page), up to `maxBytes` in all, `startBytes` (the
 * header) included, as `sizeOf` measures an encoded row: the row that would pass it, and those
 * after it, are not written, and the walk ends saying so (`end.incomplete`), as when
 * EXPORT_MAX_ROWS cuts it.
 */
export async function* rowsWithin<T>(
  pages: AsyncGenerator<unknown[]>,
  encode: (node: unknown) => T,
  sizeOf: (row: T) => number,
  end: WalkEnd,
  bounds: { maxBytes: number; startBytes: number; total: number | null; setting: string },
): AsyncGenerator<T[]> {
  let bytes = bounds.startBytes;
  for await (const nodes of pages) {
    const rows: T[] = [];
    for (let i = 0; i < nodes.length; i++) {
      const row = encode(nodes[i]);
      const size = sizeOf(row);
      if (bytes + size > bounds.maxBytes) {
        // The walk counted the whole page; the rows from this one on are not written.
        end.rows -= nodes.length - i;
        const missing = bounds.total === null ? null : Math.max(0, bounds.total - end.rows);
        end.incomplete = { reason: `the export stops at ${bounds.setting}`, missing };
        if (rows.length > 0) yield rows;
        return; // leaving the loop ends the walk (its `return`): no further page is read
      }
      bytes += size;
      rows.push(row);
    }
    if (rows.length > 0) yield rows;
  }
}

/** The text of each page's rows (one chunk a page), bounded in bytes as rowsWithin bounds them. */
export async function* linesWithin(
  pages: AsyncGenerator<unknown[]>,
  line: (node: unknown) => string,
  end: WalkEnd,
  bounds: Parameters<typeof rowsWithin>[4],
): AsyncGenerator<string> {
  for await (const lines of rowsWithin(pages, line, Buffer.byteLength, end, bounds)) yield lines.join('');
}
