/*
 * The vocabulary of sources, shared by the product and the sandbox: it imports nothing, so that
 * anything may import it.
 */

/**
 * The upstream sources, by the one name each has everywhere: `extensions.source` of GraphQL
 * errors, metrics labels, /readyz, the doctor, the sandbox's controls, and every record keyed by
 * source. Each is defined in `src/sources/<name>/index.ts` and listed in `registry.ts`.
 */
export const SOURCE_NAMES = ['insee', 'melodi', 'data-inclusion', 'lemarche', 'inserjeunes', 'datagouv'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/**
 * A name as a property of the objects with one typed member per source (`clients.dataInclusion`,
 * `loaders.dataInclusion`): camelCase, derived from the name, never written by hand.
 */
export type SourceKey<N extends string = SourceName> = N extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<SourceKey<Tail>>}`
  : N;

export function sourceKey<N extends SourceName>(name: N): SourceKey<N> {
  return name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase()) as SourceKey<N>;
}

/** A name as the prefix of its environment variables: `DATA_INCLUSION` gives `DATA_INCLUSION_URL`. */
export type EnvPrefix<N extends string = SourceName> = Uppercase<
  N extends `${infer Head}-${infer Tail}` ? `${Head}_${EnvPrefix<Tail>}` : N
>;
