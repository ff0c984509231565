import {
  getNamedType,
  getNullableType,
  getVariableValues,
  isEnumType,
  isInputObjectType,
  isListType,
  isScalarType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * Variables from a URL's query string, typed by the operation's variable definitions:
 * `department=44`, `first=50`, `active=true`; a list by repeating the name (`themes=a&themes=b`),
 * by commas (`themes=a,b`) or as JSON; an input object as JSON. graphql-js then checks them as it
 * checks any request's variables, and the message names the variable.
 */
function fromText(type: GraphQLInputType, raw: string | string[]): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(raw) && raw.trim().startsWith('[')) return JSON.parse(raw);
    const items = Array.isArray(raw) ? raw : raw === '' ? [] : raw.split(',');
    return items.map((item) => fromText(nullable.ofType, item));
  }
  const text = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
  if (isInputObjectType(nullable)) return JSON.parse(text);
  const named = getNamedType(nullable);
  if (isEnumType(named) || !isScalarType(named)) return text;
  if (named.name === 'Int' || named.name === 'Float') return text.trim() === '' ? text : Number(text);
  if (named.name === 'Boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

export type Coerced = { ok: true; variables: Record<string, unknown> } | { ok: false; message: string; variable?: string };

export function variablesFromQueryString(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  params: Record<string, unknown>,
): Coerced {
  const inputs: Record<string, unknown> = {};
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const raw = params[name];
    if (raw === undefined) continue;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) continue;
    try {
      inputs[name] = fromText(type, raw as string | string[]);
    } catch {
      return { ok: false, variable: name, message: `Variable "$${name}": not valid JSON for its type ${String(type)}` };
    }
  }
  return checkVariables(schema, definitions, inputs);
}

/** Variables (already typed, as JSON gives them) checked by graphql-js as any request's are: the message names the variable. */
export function checkVariables(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  inputs: Record<string, unknown>,
): Coerced {
  const result = getVariableValues(schema, definitions, inputs);
  if (result.errors) {
    const variable = /Variable "\$(\w+)"/.exec(result.errors[0]!.message)?.[1];
    return { ok: false, variable, message: result.errors.map((e) => e.message).join('; ') };
  }
  return { ok: true, variables: inputs };
}
