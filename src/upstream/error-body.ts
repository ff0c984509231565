/*
 * What an upstream says when it refuses a request (400, 422), read from the body each framework
 * writes, so that the caller's error message carries the upstream's own words:
 * - FastAPI (data·inclusion): `{"detail": "…"}` for hand-raised errors, `{"detail": [{loc, msg, …}]}`
 *   for pydantic validation;
 * - Joi behind Express (InserJeunes): `{"message": "…", "details": [{message, path, type, context}]}`;
 * - flask-restx (data.gouv.fr): `{"message": "…", "errors": {"field": "…" | ["…"]}}`.
 * Messages are bounded: an upstream must not be able to fill our answers.
 */

export interface Refusal {
  /** One line for the error message; empty when the body says nothing readable. */
  message: string;
  /** Per-field messages, when the body names fields. */
  fields?: Record<string, string[]>;
}

const MAX_MESSAGE = 300;
const MAX_ITEMS = 10;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

function clip(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
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
    const { field, message } = describe(item as Record<string, unknown>);
    if (!message) continue;
    lines.push(field && !named ? `${field}: ${message}` : message);
    if (field) (fields[field] ??= []).push(clip(message));
  }
  return { lines, ...(Object.keys(fields).length > 0 ? { fields } : {}) };
}

/** The refusal an error body carries, whatever the framework; `{message: ''}` for anything else. */
export function readRefusal(body: unknown): Refusal {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { message: '' };
  const record = body as Record<string, unknown>;
  if (text(record.detail)) return { message: clip(text(record.detail)!) };
  if (Array.isArray(record.detail)) {
    const { lines, fields } = listed(record.detail, (item) => ({ field: location(item.loc), message: text(item.msg) }));
    return { message: clip(lines.join('; ')), ...(fields ? { fields } : {}) };
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
    return { message: clip([heading, lines.join('; ')].filter(Boolean).join(': ')), ...(fields ? { fields } : {}) };
  }
  const message = text(record.message) ?? text(record.error_description) ?? text(record.error);
  if (record.errors && typeof record.errors === 'object' && !Array.isArray(record.errors)) {
    const fields = Object.fromEntries(
      Object.entries(record.errors as Record<string, unknown>)
        .slice(0, MAX_ITEMS)
        .map(([key, value]) => [key, (Array.isArray(value) ? value : [value]).map((v) => clip(String(v)))]),
    );
    const summary = Object.entries(fields).map(([key, values]) => `${key}: ${values.join(', ')}`);
    return { message: clip(message ?? summary.join('; ')), fields };
  }
  return { message: message ? clip(message) : '' };
}
