/*
 * data.gouv.fr's fixed vocabularies (licences, update frequencies), and the templates the
 * generated catalogue is written from.
 */

/** Licence ids udata knows. */
export const LICENSES = [
  'cc-by',
  'cc-by-sa',
  'cc-zero',
  'fr-lo',
  'lov2',
  'notspecified',
  'odc-by',
  'odc-odbl',
  'odc-pddl',
  'other-at',
  'other-open',
  'other-pd',
];
/** Update frequencies udata knows. */
export const FREQUENCIES = [
  'continuous',
  'oneMinute',
  'fiveMinutes',
  'tenMinutes',
  'fifteenMinutes',
  'thirtyMinutes',
  'hourly',
  'bihourly',
  'trihourly',
  'twelveHours',
  'severalTimesADay',
  'threeTimesADay',
  'semidaily',
  'daily',
  'fiveTimesAWeek',
  'threeTimesAWeek',
  'semiweekly',
  'weekly',
  'biweekly',
  'threeTimesAMonth',
  'semimonthly',
  'monthly',
  'bimonthly',
  'quarterly',
  'threeTimesAYear',
  'semiannual',
  'annual',
  'biennial',
  'triennial',
  'quadrennial',
  'quinquennial',
  'decennial',
  'bidecennial',
  'tridecennial',
  'punctual',
  'irregular',
  'never',
  'notPlanned',
  'other',
  'unknown',
];

/** Dataset themes a local authority typically publishes. */
export const LOCAL_TEMPLATES = [
  { title: 'Budget primitif {year} de {place}', tags: ['budget', 'finances-publiques'], format: 'csv', frequency: 'annual' },
  { title: 'Subventions versées aux associations par {place}', tags: ['subventions', 'associations'], format: 'csv', frequency: 'annual' },
  { title: 'Équipements publics de {place}', tags: ['equipements', 'services-publics'], format: 'geojson', frequency: 'quarterly' },
  { title: 'Lieux d’accueil et d’inclusion numérique à {place}', tags: ['inclusion', 'numerique'], format: 'csv', frequency: 'monthly' },
  { title: 'Délibérations du conseil municipal de {place}', tags: ['deliberations', 'transparence'], format: 'pdf', frequency: 'monthly' },
];

/** National datasets, by the organizations that publish them. */
export const NATIONAL_DATASETS = [
  { title: 'Taux d’insertion des formations professionnelles (InserJeunes)', tags: ['insertion', 'formation', 'emploi'], org: 'DEPP' },
  {
    title: 'Référentiel des structures et services d’insertion (data·inclusion)',
    tags: ['insertion', 'inclusion', 'services'],
    org: 'GIP Plateforme de l’inclusion',
  },
  {
    title: 'Liste des structures d’insertion par l’activité économique',
    tags: ['insertion', 'siae', 'emploi'],
    org: 'GIP Plateforme de l’inclusion',
  },
  {
    title: 'Populations légales des communes',
    tags: ['population', 'recensement'],
    org: 'Institut national de la statistique et des études économiques',
  },
  {
    title: 'Base Sirene des entreprises et de leurs établissements',
    tags: ['entreprises', 'sirene'],
    org: 'Institut national de la statistique et des études économiques',
  },
  { title: 'Demandeurs d’emploi inscrits à France Travail par commune', tags: ['emploi', 'chomage'], org: 'France Travail' },
];
