import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getOperationAST, parse, print, type OperationDefinitionNode, type TypeNode } from 'graphql';
import { exampleVariablesText } from '../examples.js';

/** A query served by name: `GET /rest/<name>`, its variables from the URL's query string. */
export interface NamedOperation {
  name: string;
  /** The file's leading comment (its lines up to `# Variables:`, joined): what the operation is for. */
  description: string;
  query: string;
  operation: OperationDefinitionNode;
  /** From the file's `# Variables:` line: what the listing shows as an example. */
  example: Record<string, unknown>;
}

function leadingComment(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const comment = /^#\s?(.*)$/.exec(line)?.[1];
    if (comment === undefined || comment.startsWith('Variables:')) break;
    lines.push(comment.trim());
  }
  return lines.join(' ');
}

function readOperation(dir: string, file: string): NamedOperation | undefined {
  const text = readFileSync(join(dir, file), 'utf8');
  const document = parse(text);
  const operation = getOperationAST(document);
  if (!operation) return undefined; // several operations in one file: no single one to name
  const example = exampleVariablesText(text);
  return {
    name: file.replace(/\.graphql$/, ''),
    description: leadingComment(text),
    query: print(document),
    operation,
    example: example ? (JSON.parse(example) as Record<string, unknown>) : {},
  };
}

/**
 * The operations served by name: every one in schema/examples/ and in PERSISTED_QUERIES_DIR (a
 * file there of the same name wins), read once at start-up. Mutations are listed nowhere: they
 * stay POST /graphql only.
 */
export function loadNamedOperations(dirs: readonly (string | undefined)[]): {
  operations: Map<string, NamedOperation>;
  mutations: Set<string>;
} {
  const operations = new Map<string, NamedOperation>();
  const mutations = new Set<string>();
  for (const dir of dirs) {
    if (!dir) continue;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.graphql'))
      .sort()) {
      const operation = readOperation(dir, file);
      if (operation?.operation.operation === 'query') operations.set(operation.name, operation);
      else if (operation?.operation.operation === 'mutation') mutations.add(operation.name);
    }
  }
  return { operations, mutations };
}

const typeText = (type: TypeNode): string => print(type);

/**
 * The listing entry of an operation: its variables, with their GraphQL types, and its URLs
 * (relative to the server): the export formats only when it has a list to export, since the
 * others could only answer 400.
 */
export function describe(operation: NamedOperation, exportable: boolean) {
  return {
    name: operation.name,
    description: operation.description,
    operationName: operation.operation.name?.value ?? null,
    variables: (operation.operation.variableDefinitions ?? []).map((definition) => ({
      name: definition.variable.name.value,
      type: typeText(definition.type),
      required: definition.type.kind === 'NonNullType' && !definition.defaultValue,
      ...(definition.defaultValue ? { default: print(definition.defaultValue) } : {}),
      ...(operation.example[definition.variable.name.value] !== undefined
        ? { example: operation.example[definition.variable.name.value] }
        : {}),
    })),
    urls: (exportable ? ['json', 'csv', 'ndjson', 'xlsx'] : ['json']).map(
      (format) => `/rest/${encodeURIComponent(operation.name)}.${format}`,
    ),
    ...(exampleUrl(operation) ? { example: exampleUrl(operation) } : {}),
  };
}

/**
 * A URL that runs the operation with its header's example variables (`# Variables: {…}`), written
 * as variables.ts reads them back: a list by repeating the name, an input object as JSON. None
 * when a required variable has no example: a URL that could only fail is no example.
 */
function exampleUrl(operation: NamedOperation): string | undefined {
  const search = new URLSearchParams();
  for (const definition of operation.operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const value = operation.example[name];
    if (value === undefined || value === null) {
      if (definition.type.kind === 'NonNullType' && !definition.defaultValue) return undefined;
      continue;
    }
    // A list by repeating the name, unless an item would be misread (a comma, an object): then as JSON.
    const plain = (item: unknown) => item === null || (typeof item !== 'object' && !String(item).includes(','));
    if (Array.isArray(value) && value.every(plain)) for (const item of value) search.append(name, String(item));
    else search.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const query = search.toString();
  return `/rest/${encodeURIComponent(operation.name)}.json${query ? `?${query}` : ''}`;
}
