import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/** A JSON Schema, as MCP's `inputSchema` carries it (draft 2020-12, the specification's default). */
export type JsonSchema = { [key: string]: unknown };

const SCALARS: Record<string, JsonSchema> = {
  Int: { type: 'integer', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 },
  Float: { type: 'number' },
  String: { type: 'string' },
  Boolean: { type: 'boolean' },
  // GraphQL takes an integer for an ID too, but every ID here is a code or an identifier: saying
  // "string" keeps assistants from dropping a code's leading zero ("01053" is not 1053).
  ID: { type: 'string' },
};

/**
 * The JSON Schema of a GraphQL input type. Null is left out even where GraphQL takes it: an
 * optional value is omitted, which graphql-js treats alike, and a schema without `null` types is
 * the one assistants fill in best. Custom scalars are left unconstrained (graphql-js checks them).
 */
export function inputTypeSchema(type: GraphQLInputType): JsonSchema {
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) return { type: 'array', items: inputTypeSchema(nullable.ofType) };
  if (isEnumType(nullable))
    return {
      type: 'string',
      enum: nullable.getValues().map((value) => value.name),
      ...(nullable.description ? { description: nullable.description } : {}),
    };
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    return {
      type: 'object',
      ...(nullable.description ? { description: nullable.description } : {}),
      properties: Object.fromEntries(
        fields.map((field) => [
          field.name,
          {
            ...inputTypeSchema(field.type),
            ...(field.description ? { description: field.description } : {}),
            ...(field.defaultValue !== undefined ? { default: field.defaultValue } : {}),
          },
        ]),
      ),
      required: fields.filter((field) => isNonNullType(field.type) && field.defaultValue === undefined).map((field) => field.name),
      additionalProperties: false,
    };
  }
  return SCALARS[nullable.name] ?? {};
}

/**
 * What each variable of an operation stands for: the description of the argument or input field
 * it is passed to, else the field it is an argument of (`communes(department:)`: "Communes by name
 * prefix…"). The first use that says something wins.
 */
function variableDescriptions(schema: GraphQLSchema, operation: OperationDefinitionNode): Map<string, string> {
  const descriptions = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  const note = (variable: string, text: string | undefined | null) => {
    if (text && !descriptions.has(variable)) descriptions.set(variable, text);
  };
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        if (node.value.kind !== 'Variable') return;
        const field = typeInfo.getFieldDef();
        const argument = typeInfo.getArgument();
        const where = `Argument \`${node.name.value}\` of \`${field?.name ?? '?'}\``;
        note(
          node.value.name.value,
          argument?.description ? `${where}: ${argument.description}` : field?.description && `${where}: ${field.description}`,
        );
      },
      ObjectField(node) {
        if (node.value.kind !== 'Variable') return;
        const parent = getNamedType(typeInfo.getParentInputType());
        const field = isInputObjectType(parent) ? parent.getFields()[node.name.value] : undefined;
        note(node.value.name.value, field?.description && `\`${parent?.name}.${node.name.value}\`: ${field.description}`);
      },
    }),
  );
  return descriptions;
}

/**
 * The tool's input schema of a named operation: one property per variable, typed from its
 * definition (lists, enums, input objects), described by what it is passed to, with its default;
 * a non-null variable without a default is required.
 */
export function operationInputSchema(schema: GraphQLSchema, operation: OperationDefinitionNode): JsonSchema {
  const descriptions = variableDescriptions(schema, operation);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never) as GraphQLInputType | undefined;
    if (!type) continue;
    const description = descriptions.get(name);
    const defaultValue = definition.defaultValue && valueFromAST(definition.defaultValue, type);
    properties[name] = {
      ...inputTypeSchema(type),
      ...(description ? { description } : {}),
      ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    };
    if (isNonNullType(type) && !definition.defaultValue) required.push(name);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}
