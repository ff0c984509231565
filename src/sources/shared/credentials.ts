import { fixedCredential } from '../../policies/source.js';
import type { CredentialVariable, SourceCredential } from '../definition.js';

/** A source that needs no credential: an empty one, so that the source reads as ready. */
export const noCredential: SourceCredential<never> = { variables: {}, create: () => fixedCredential({}) };

/** A bearer token in one variable, which the sandbox supplies when the source is the sandbox's. */
export function bearerToken<V extends string>(variable: V): SourceCredential<V> {
  const variables = { [variable]: { kind: 'secret', fromSandbox: true } } as Record<V, CredentialVariable>;
  return {
    variables,
    create: (values) => {
      const token = values[variable];
      return token ? fixedCredential({ authorization: `Bearer ${token}` }) : undefined;
    },
  };
}
