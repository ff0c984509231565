/**
 * The OData entity sets: which GraphQL list each one reads, and what the schema cannot say by
 * itself. Everything else (properties, their Edm types, navigations, the arguments' types) is
 * read from the schema by model.ts, so a field added to a type appears in the feed.
 */
export interface EntitySetDeclaration {
  /** The entity set's name (`Structures`), what a BI tool shows as the table. */
  name: string;
  /** The GraphQL type of its rows. */
  type: string;
  /** The root connection that lists them (`structures`). */
  list: string;
  /** The root field that reads one by its key, and that field's argument (`structure(id:)`); none where no field reads a row by its key. */
  byKey?: { field: string; argument: string };
  /** Properties read further down a row than its own fields: name → GraphQL path. */
  derived?: Record<string, readonly string[]>;
  /** Fields left out: what a row would pay another upstream call for, or what `derived` replaces. */
  exclude?: readonly string[];
  /** `$filter` properties → the list's argument each feeds (a dotted path into the arguments). */
  filters: Record<string, string>;
  /** Whether a read must filter: without one, the list would walk a whole upstream (or Insee's figures for every commune). */
  requiresFilter: boolean;
  /** Text fields that hold an instant (ISO 8601): typed `Edm.DateTimeOffset`, so a BI tool reads a date column. */
  instants?: readonly string[];
  /** Properties an `$expand` reads only when its `$select` names them: each costs upstream calls per row. */
  expandedOnlyBySelect?: readonly string[];
  /** Rows a page holds when fewer than the GraphQL lists' most: a row so large that a full page would cost more than a request may. */
  pageSize?: number;
  /** The property the list comes sorted by, the one `$orderby` it accepts. */
  orderedBy?: string;
}

/** The current Insee figures of a commune, each with its year (TerritoryStats, Melodi). */
const COMMUNE_FIGURES = {
  legalPopulation: ['stats', 'legalPopulation', 'municipal'],
  legalPopulationYear: ['stats', 'legalPopulation', 'year'],
  censusPopulation: ['stats', 'population', 'total'],
  censusPopulationYear: ['stats', 'population', 'year'],
  unemploymentRate: ['stats', 'employment', 'unemploymentRate'],
  unemploymentRateYear: ['stats', 'employment', 'year'],
  medianLivingStandard: ['stats', 'income', 'medianLivingStandard'],
  povertyRate: ['stats', 'income', 'povertyRate'],
  incomeYear: ['stats', 'income', 'year'],
} as const;

export const ENTITY_SETS: readonly EntitySetDeclaration[] = [
  {
    name: 'Communes',
    type: 'Commune',
    list: 'communes',
    byKey: { field: 'commune', argument: 'code' },
    derived: COMMUNE_FIGURES,
    expandedOnlyBySelect: Object.keys(COMMUNE_FIGURES),
    exclude: ['stats'],
    filters: { department: 'department' },
    requiresFilter: true,
    orderedBy: 'code',
  },
  {
    name: 'Departments',
    type: 'Department',
    list: 'departments',
    byKey: { field: 'department', argument: 'code' },
    exclude: ['stats'],
    filters: { region: 'region' },
    requiresFilter: false,
  },
  {
    name: 'Regions',
    type: 'Region',
    list: 'regions',
    byKey: { field: 'region', argument: 'code' },
    exclude: ['stats'],
    filters: {},
    requiresFilter: false,
    orderedBy: 'code',
  },
  {
    name: 'Epcis',
    type: 'Epci',
    list: 'epcis',
    byKey: { field: 'epci', argument: 'code' },
    // Where its members are: what `epcis(department:)` filters on, "a member commune in the department".
    derived: { departments: ['members', 'department', 'code'] },
    exclude: ['stats'],
    filters: { departments: 'department' },
    // An EPCI's members and their departments are read per member, up to the largest EPCI's count:
    // 40 rows a page keep a page with every column within the default MAX_COST (20,000).
    pageSize: 40,
    requiresFilter: false,
    orderedBy: 'code',
  },
  {
    name: 'Structures',
    type: 'Structure',
    list: 'structures',
    byKey: { field: 'structure', argument: 'id' },
    derived: { department: ['commune', 'department', 'code'], region: ['commune', 'region', 'code'] },
    filters: {
      commune: 'filter.commune',
      department: 'filter.department',
      region: 'filter.region',
      siret: 'filter.siret',
      sources: 'filter.sources',
    },
    requiresFilter: true,
  },
  {
    name: 'Services',
    type: 'Service',
    list: 'services',
    byKey: { field: 'service', argument: 'id' },
    derived: { department: ['commune', 'department', 'code'] },
    filters: { commune: 'filter.commune', department: 'filter.department', structure: 'filter.structure', themes: 'filter.themes' },
    requiresFilter: true,
  },
  {
    name: 'Formations',
    type: 'Formation',
    list: 'formations',
    exclude: ['terminalCertifications'],
    filters: { code: 'filter.codes', region: 'filter.region', uai: 'filter.uais', millesime: 'filter.millesime' },
    requiresFilter: true,
  },
  {
    name: 'Datasets',
    type: 'Dataset',
    list: 'datasets',
    byKey: { field: 'dataset', argument: 'id' },
    derived: { organization: ['organization', 'id'], organizationName: ['organization', 'name'] },
    exclude: ['owner'],
    instants: ['lastModified'],
    filters: { communes: 'filter.commune', organization: 'filter.organization', tags: 'filter.tag' },
    requiresFilter: true,
  },
];
