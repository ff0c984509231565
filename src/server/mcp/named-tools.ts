import type { NamedOperation } from '../rest/operations.js';
import { operationInputSchema } from './input-schema.js';
import { READ_ONLY, runAsTool, variablesOf, type McpDeps, type McpTool } from './tool.js';

/**
 * A named operation (schema/examples/ or PERSISTED_QUERIES_DIR) as a tool: its file name, its
 * leading comment, an input schema from its variables, and its `data` as the result, run as
 * `GET /rest/<name>.json` runs it (same limits, budget, response cache, identity).
 */
export function namedOperationTool(deps: McpDeps, operation: NamedOperation): McpTool {
  const definitions = operation.operation.variableDefinitions ?? [];
  return {
    definition: {
      name: operation.name,
      ...(operation.operation.name ? { title: operation.operation.name.value } : {}),
      description: operation.description,
      inputSchema: operationInputSchema(deps.schema, operation.operation) as McpTool['definition']['inputSchema'],
      annotations: READ_ONLY,
    },
    async call(args, request) {
      const checked = variablesOf(deps.schema, definitions, args);
      if (!checked.ok) return checked.error;
      return runAsTool(deps, request, operation.query, checked.variables);
    },
  };
}
