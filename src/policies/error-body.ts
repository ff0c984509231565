import type { SourceName } from '../sources/names.js';
import { UpstreamError } from './errors.js';

/*
 * What an upstream says when it refuses a request (400, 422), read from the body each framework
 * writes:
 * - FastAPI (data·inclusion): `{"detail": "…"}` for hand-raised errors, `{"detail": [{loc, msg, …}]}`
 *   for pydantic validation;
 * - Joi behind Express (InserJeunes): `{"message": "…", "details": [{message, path, type, context}]}`;
 * - flask-restx (data.gouv.fr): `{"message": "…", "errors": {"field": "…" | ["…"]}}`.
 *
 * An upstream's words are its own, and may carry its internals (a stack trace, a file path, an
 * HTML error page): callers are told only that the upstream refused, with the HTTP status. The
 * caller's own writes are the exception (they need the field errors to correct their input), and
 * there the words are bounded and cleaned first.
 */

export interface Refusal {
  /** One line for the error message; empty when the body says nothing readable. */
  message: string;
  /** Per-field messages, when the body names fields. */
  fields?: Record<string, string[]>;
}

const MAX_MESSAGE = 300;
const MAX_FIELD_MESSAGE = 200;
const MAX_FIELD_NAME = 64;
const MAX_ITEMS = 10;
const MAX_MESSAGES_PER_FIELD = 3;
const MAX_SCANNED = 4096;

/** Terminal colour and cursor sequences, dropped whole (their escape alone would leave `[31m`). */
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
/** Control and invisible formatting characters (bidi overrides, zero-width), line separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]+/gu;
/** Where a stack trace starts (JavaScript, Python, Java): everything from there on is dropped. */
const STACK_TRACE =
  /Traceback \(most recent call last\)|\bFile "[^"]*", line \d+|(?:^|\s)at\s+(?:[\w$.<>[\]]+\s+)?\(?(?:[A-Za-z]:)?[\\/][^\s)]*:\d+|\bException in thread\b|\n\s*at\s/;
/** Script and style elements go whole; other tags leave their text. */
const HTML_ELEMENT_WITH_CODE = /<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const HTML_TAG = /<\/?[A-Za-z!][^>]*>?/g;
const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>]+/gi;
/** A file path: two segments or more, starting at a word boundary (`dd/mm/yyyy` is not one). */
const FILE_PATH = /(?<![\w.])(?:[A-Za-z]:)?(?:[\\/][\w.@~+-]+){2,}[\\/]?/g;

const clip = (message: string, max: number): string => (message.length > max ? `${message.slice(0, max - 1)}…` : message);

/** An upstream's text made fit to show: one line, no stack trace, markup, address nor path, bounded. */
export function cleanUpstreamText(raw: string, max = MAX_MESSAGE): string {
  // What could survive the cleaning is bounded anyway: the patterns never read a megabyte.
  const bounded = raw.slice(0, MAX_SCANNED);
  const trace = STACK_TRACE.exec(bounded);
  return clip(
    (trace ? bounded.slice(0, trace.index) : bounded)
      .replace(ANSI_ESCAPE, '')
      .replace(HTML_ELEMENT_WITH_CODE, ' ')
      .replace(HTML_TAG, ' ')
      .replace(URL, '[address]')
      .replace(FILE_PATH, '[path]')
      .replace(INVISIBLE, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    max,
  );
}

/** A non-empty string made fit to show, or nothing. */
function text(value: unknown, max = MAX_MESSAGE): string | undefined {
  if (typeof value !== 'string') return undefined;
  return cleanUpstreamText(value, max) || undefined;
}

/** A field's name as the caller may see it: a short identifier-like path (`frais[0]`, `spatial.zones`). */
function fieldName(value: string | undefined): string | undefined {
  const name = value === undefined ? undefined : text(value, MAX_FIELD_NAME);
  return name && /^[\w.[\]-]+$/.test(name) ? name : undefined;
}

/** Adds a field's message, within the bounds on fields and messages per field. */
function addField(fields: Record<string, string[]>, field: string, message: string): void {
  const messages = (fields[field] ??= []);
  if (messages.length < MAX_MESSAGES_PER_FIELD) messages.push(clip(message, MAX_FIELD_MESSAGE));
}

/** A FastAPI/pydantic location such as `["query", "frais", 0]` as `frais[0]`, without the `query`/`path`/`body` part. */
function location(loc: unknown): string | undefined {
  if (!Array.isArray(loc)) return undefined;
  const parts = loc.filter((part, i) => !(i === 0 && ['query', 'path', 'body', 'header'].includes(String(part))));
  return (
    parts.reduce<string>(
      (path, part) => (typeof part === 'number' ? `${path}[${part}]` : path ? `${path}.${String(part)}` : String(part)),
      '',
    ) || undefined
  );
}

/**
 * A list of per-field problems. `named`: each message already names its field (Joi writes
 * `"region" must be one of […]`), so the field is not repeated in the line.
 */
function listed(
  items: unknown[],
  describe: (item: Record<string, unknown>) => { field?: string; message?: string },
  named = false,
): { lines: string[]; fields?: Record<string, string[]> } {
  const fields: Record<string, string[]> = {};
  const lines: string[] = [];
  for (const item of items.slice(0, MAX_ITEMS)) {
    if (item === null || typeof item !== 'object') continue;
    const described = describe(item as Record<string, unknown>);
    const field = fieldName(described.field);
    const message = described.message;
    if (!message) continue;
    lines.push(field && !named ? `${field}: ${message}` : message);
    if (field) addField(fields, field, message);
  }
  return { lines, ...(Object.keys(fields).length > 0 ? { fields } : {}) };
}

/** The refusal an error body carries, whatever the framework, cleaned; `{message: ''}` for anything else. */
export function readRefusal(body: unknown): Refusal {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { message: '' };
  const record = body as Record<string, unknown>;
  if (text(record.detail)) return { message: text(record.detail)! };
  if (Array.isArray(record.detail)) {
    const { lines, fields } = listed(record.detail, (item) => ({ field: location(item.loc), message: text(item.msg) }));
    return { message: clip(lines.join('; '), MAX_MESSAGE), ...(fields ? { fields } : {}) };
  }
  if (Array.isArray(record.details) && record.details.length > 0) {
    const { lines, fields } = listed(
      record.details,
      (item) => ({
        field: Array.isArray(item.path) ? item.path.map(String).join('.') || undefined : undefined,
        message: text(item.message),
      }),
      true,
    );
    // Joi's own message is a heading ("Erreur de validation"); the details say what is wrong.
    const heading = text(record.message);
    return { message: clip([heading, lines.join('; ')].filter(Boolean).join(': '), MAX_MESSAGE), ...(fields ? { fields } : {}) };
  }
  const message = text(record.message) ?? text(record.error_description) ?? text(record.error);
  if (record.errors && typeof record.errors === 'object' && !Array.isArray(record.errors)) {
    const fields: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(record.errors as Record<string, unknown>).slice(0, MAX_ITEMS)) {
      const field = fieldName(key);
      if (!field) continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        const said = text(typeof item === 'string' ? item : (JSON.stringify(item) ?? ''), MAX_FIELD_MESSAGE);
        if (said) addField(fields, field, said);
      }
    }
    const summary = Object.entries(fields).map(([key, values]) => `${key}: ${values.join(', ')}`);
    return { message: clip(message ?? summary.join('; '), MAX_MESSAGE), ...(Object.keys(fields).length > 0 ? { fields } : {}) };
  }
  return { message: message ?? '' };
}

/**
 * An upstream's refusal (400, 422) as callers see it: the source and the status, none of the
 * upstream's words. Those stay on the error (`said`, cleaned) for the caller's own writes
 * (`echoRefusal`), and for logs.
 */
export class UpstreamRefusal extends UpstreamError {
  constructor(
    source: SourceName,
    status: number,
    readonly said: Refusal,
  ) {
    super('BAD_USER_INPUT', source, `${source} refused the request (HTTP ${status})`, { status });
  }
}

export function refusalError(source: SourceName, status: number, body: unknown): UpstreamRefusal {
  return new UpstreamRefusal(source, status, readRefusal(body));
}

/**
 * For the caller's own writes only: the refusal with what the upstream said about the caller's
 * input (cleaned and bounded by readRefusal), so that they can correct it. Anything else passes.
 */
export function echoRefusal(error: unknown): unknown {
  if (!(error instanceof UpstreamRefusal)) return error;
  const { message, fields } = error.said;
  return new UpstreamError('BAD_USER_INPUT', error.source, message ? `${error.message}: ${message}` : error.message, {
    ...error.details,
    ...(fields ? { fields } : {}),
  });
}
