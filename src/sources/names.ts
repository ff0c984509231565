/** The five upstream sources, as named in `extensions.source` of GraphQL errors and in metrics. */
export const SOURCE_NAMES = ['insee', 'data-inclusion', 'lemarche', 'inserjeunes', 'datagouv'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];
