import { fileURLToPath } from 'node:url';

/** schema/examples/, the contract's client queries (beside src/ and dist/ alike): GraphiQL's tabs and the named endpoints. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../schema/examples/', import.meta.url));

/** The variables an example's `# Variables: {…}` header comment gives, as written; undefined without one. */
export function exampleVariablesText(query: string): string | undefined {
  return /^# Variables: (.*)$/m.exec(query)?.[1];
}
