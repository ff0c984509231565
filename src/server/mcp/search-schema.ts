import {
  isEnumType,
  isUnionType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLArgument,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { toolError } from './results.js';
import { READ_ONLY, type McpTool } from './tool.js';

/** One type or field of the schema, as search_schema answers it. */
interface SchemaEntry {
  kind: 'type' | 'field';
  /** `Commune`, or `Query.communes` for a field. */
  name: string;
  /** The SDL of a field (`communes(search: String, first: Int = 20): CommuneConnection!`), or the type's kind. */
  signature: string;
  description?: string;
}

const MAX_RESULTS = 50;
const DEFAULT_RESULTS = 20;

/** Lower case without accents: "Données" is found by "donnees". */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const argumentText = (argument: GraphQLArgument) =>
  `${argument.name}: ${String(argument.type)}${argument.defaultValue !== undefined ? ` = ${JSON.stringify(argument.defaultValue)}` : ''}`;

function typeKind(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isInputObjectType(type)) return 'input';
  if (isUnionType(type)) return `union: ${type.getTypes().map(String).join(' | ')}`;
  return 'scalar';
}

/** Every type and field a client may use (no introspection or federation machinery), described. */
function schemaEntries(schema: GraphQLSchema): SchemaEntry[] {
  const entries: SchemaEntry[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('_') || isSpecifiedScalarType(type)) continue;
    const kind = isEnumType(type)
      ? `enum: ${type
          .getValues()
          .map((value) => value.name)
          .join(' | ')}`
      : typeKind(type);
    entries.push({ kind: 'type', name: type.name, signature: kind, ...(type.description ? { description: type.description } : {}) });
    if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.name.startsWith('_')) continue;
      const args = 'args' in field && field.args.length > 0 ? `(${field.args.map(argumentText).join(', ')})` : '';
      entries.push({
        kind: 'field',
        name: `${type.name}.${field.name}`,
        signature: `${field.name}${args}: ${String(field.type)}`,
        ...(field.description ? { description: field.description } : {}),
      });
    }
  }
  return entries;
}

/**
 * `search_schema`: the types and fields whose name or description holds every word asked
 * (case and accents aside), names matching first, capped; what an assistant reads before writing
 * a `run_query`. Offered only where introspection is on: it tells what introspection would.
 */
export function searchSchemaTool(schema: GraphQLSchema): McpTool {
  const entries = schemaEntries(schema).map((entry) => ({
    entry,
    name: folded(entry.name),
    text: folded(`${entry.name} ${entry.signature} ${entry.description ?? ''}`),
  }));
  return {
    definition: {
      name: 'search_schema',
      title: 'Search the GraphQL schema',
      description:
        'Finds the GraphQL types and fields whose name or description contains every given word (case- and accent-insensitive), with their arguments, types and descriptions: what to read before writing a run_query.',
      inputSchema: {
        type: 'object',
        properties: {
          words: { type: 'string', description: 'Words to look for, e.g. "unemployment commune" or "siret".' },
          limit: { type: 'integer', minimum: 1, maximum: MAX_RESULTS, default: DEFAULT_RESULTS, description: 'Most matches returned.' },
        },
        required: ['words'],
        additionalProperties: false,
      },
      annotations: { ...READ_ONLY, openWorldHint: false },
    },
    async call(args) {
      const { words, limit = DEFAULT_RESULTS } = args;
      if (typeof words !== 'string') return toolError('BAD_USER_INPUT', '`words` must be a string');
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_RESULTS)
        return toolError('BAD_USER_INPUT', `\`limit\` must be an integer from 1 to ${MAX_RESULTS}`);
      const terms = folded(words)
        .split(/[^\p{L}\p{N}_]+/u)
        .filter(Boolean);
      if (terms.length === 0) return toolError('BAD_USER_INPUT', '`words` holds no word to look for');
      const found = entries
        .filter(({ text }) => terms.every((term) => text.includes(term)))
        .sort((a, b) => Number(terms.some((t) => b.name.includes(t))) - Number(terms.some((t) => a.name.includes(t))));
      const matches = found.slice(0, limit).map(({ entry }) => entry);
      const lines = matches.map(
        (m) =>
          `${m.kind === 'field' ? `${m.name.split('.')[0]}.${m.signature}` : `${m.name} (${m.signature})`}${m.description ? ` — ${m.description}` : ''}`,
      );
      return {
        content: [
          { type: 'text', text: [`${found.length} match(es)${found.length > limit ? `, first ${limit}` : ''}:`, ...lines].join('\n') },
        ],
        structuredContent: { total: found.length, matches },
      };
    },
  };
}
