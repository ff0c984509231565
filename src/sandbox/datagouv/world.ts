import { geography, slugify } from '../../geography/index.js';
import { generateDate, generateObjectId, generateUuid } from '../seed/identifiers.js';
import { Random } from '../seed/random.js';

export interface Organization {
  id: string;
  name: string;
  acronym: string | null;
  slug: string;
  badges: { kind: string }[];
  business_number_id: string | null;
  description: string;
  created_at: string;
  /** When the organization was deleted; its page then answers 410. */
  deleted: string | null;
}

export interface Resource {
  id: string;
  title: string;
  description: string | null;
  filetype: 'file' | 'remote';
  type: string;
  format: string;
  mime: string | null;
  filesize: number | null;
  url: string;
  latest: string;
  checksum: { type: string; value: string } | null;
  created_at: string;
  last_modified: string;
  metrics: { views: number };
  harvest: null;
  extras: Record<string, unknown>;
  preview_url: string | null;
  schema: null;
  internal: { created_at_internal: string; last_modified_internal: string };
}

export interface DatasetRecord {
  id: string;
  title: string;
  acronym: string | null;
  slug: string;
  /** Slugs the dataset had before a rename: they answer 308 to the current one. */
  formerSlugs: string[];
  description: string;
  description_short: string | null;
  created_at: string;
  last_modified: string;
  last_update: string;
  deleted: string | null;
  archived: string | null;
  private: boolean;
  featured: boolean;
  tags: string[];
  badges: { kind: string }[];
  resources: Resource[];
  frequency: string;
  frequency_date: string | null;
  extras: Record<string, unknown>;
  organizationId: string | null;
  /** Id of the owning user, for datasets published without an organization. */
  ownerId: string | null;
  temporal_coverage: { start: string; end: string | null } | null;
  spatial: { geom: null; zones: string[]; granularity: string } | null;
  license: string;
  metrics: Record<string, number>;
  contact_points: Record<string, unknown>[];
}

export interface Discussion {
  id: string;
  title: string;
  subjectId: string;
  created: string;
  closed: string | null;
  messages: { id: string; content: string; posted_on: string; author: string }[];
}

export interface DatagouvWorld {
  organizations: Organization[];
  organizationById: Map<string, Organization>;
  datasets: DatasetRecord[];
  discussions: Discussion[];
}

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
const LOCAL_TEMPLATES = [
  { title: 'Budget primitif {year} de {place}', tags: ['budget', 'finances-publiques'], format: 'csv', frequency: 'annual' },
  { title: 'Subventions versées aux associations par {place}', tags: ['subventions', 'associations'], format: 'csv', frequency: 'annual' },
  { title: 'Équipements publics de {place}', tags: ['equipements', 'services-publics'], format: 'geojson', frequency: 'quarterly' },
  { title: 'Lieux d’accueil et d’inclusion numérique à {place}', tags: ['inclusion', 'numerique'], format: 'csv', frequency: 'monthly' },
  { title: 'Délibérations du conseil municipal de {place}', tags: ['deliberations', 'transparence'], format: 'pdf', frequency: 'monthly' },
];

const NATIONAL_DATASETS = [
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

export function buildDatagouvWorld(): DatagouvWorld {
  const g = geography();
  const organizations: Organization[] = [];
  const datasets: DatasetRecord[] = [];
  const discussions: Discussion[] = [];

  function organization(name: string, key: string, badge: string): Organization {
    const random = new Random(`dg:org:${key}`);
    const org: Organization = {
      id: generateObjectId(random, new Date(generateDate(random, '2014-01-01', '2022-12-31'))),
      name,
      acronym: null,
      slug: slugify(name),
      badges: [{ kind: badge }],
      business_number_id: random.chance(0.5) ? random.digits(14) : null,
      description: `Organisation ${name} sur data.gouv.fr.`,
      created_at: `${generateDate(random, '2014-01-01', '2022-12-31')}T10:00:00.000000+00:00`,
      deleted: null,
    };
    organizations.push(org);
    return org;
  }

  function dataset(
    key: string,
    title: string,
    tags: string[],
    format: string,
    frequency: string,
    zones: string[],
    granularity: string,
    org: Organization,
    options: { createdBetween?: [string, string]; discussed?: boolean } = {},
  ): DatasetRecord {
    const random = new Random(`dg:dataset:${key}`);
    const [createdFrom, createdTo] = options.createdBetween ?? ['2016-01-01', '2026-06-30'];
    const created = `${generateDate(random, createdFrom, createdTo)}T${String(random.int(6, 20)).padStart(2, '0')}:15:42.238000+00:00`;
    const modified = `${generateDate(random, created.slice(0, 10), '2026-10-31')}T08:30:00.000000+00:00`;
    const id = generateObjectId(random, new Date(created));
    const slug = slugify(title).slice(0, 90);
    const resources: Resource[] = [];
    for (let i = 0; i < random.int(1, 3); i++) {
      const rid = generateUuid(random);
      const f = i === 0 ? format : random.pick(['csv', 'json', 'xlsx', 'pdf']);
      resources.push({
        id: rid,
        title: i === 0 ? `${slug}.${f}` : `Documentation ${i}`,
        description: null,
        filetype: 'file',
        type: i === 0 ? 'main' : 'documentation',
        format: f,
        mime: f === 'csv' ? 'text/csv' : f === 'json' || f === 'geojson' ? 'application/json' : null,
        filesize: random.int(2_000, 5_000_000),
        url: `https://static.data.gouv.fr/resources/${slug}/${rid}.${f}`,
        latest: `https://www.data.gouv.fr/api/1/datasets/r/${rid}`,
        checksum: { type: 'sha1', value: random.hex(40) },
        created_at: created,
        last_modified: modified,
        metrics: { views: random.int(0, 5000) },
        harvest: null,
        extras: { 'check:available': true, 'check:status': 200 },
        preview_url: f === 'csv' ? `https://explore.data.gouv.fr/fr/resources/${rid}` : null,
        schema: null,
        internal: { created_at_internal: created, last_modified_internal: modified },
      });
    }
    const record: DatasetRecord = {
      id,
      title,
      acronym: null,
      slug,
      formerSlugs: random.chance(0.05) ? [`${slug}-ancien`] : [],
      description: `${title}. Jeu de données publié par ${org.name}.`,
      description_short: null,
      created_at: created,
      last_modified: modified,
      last_update: modified,
      deleted: null,
      archived: null,
      private: false,
      featured: random.chance(0.05),
      tags,
      badges: [],
      resources,
      frequency,
      frequency_date: null,
      extras: {},
      organizationId: org.id,
      ownerId: null,
      temporal_coverage: random.chance(0.5) ? { start: `${random.int(2015, 2023)}-01-01`, end: null } : null,
      spatial: { geom: null, zones, granularity },
      license: random.pick(['lov2', 'fr-lo', 'odc-odbl', 'cc-by']),
      metrics: {
        discussions: 0,
        followers: random.int(0, 40),
        reuses: random.int(0, 5),
        views: random.int(0, 20_000),
        resources_downloads: random.int(0, 10_000),
      },
      contact_points: [],
    };
    datasets.push(record);
    if (options.discussed !== false && random.chance(0.15)) {
      const did = generateObjectId(random, new Date(modified));
      discussions.push({
        id: did,
        title: 'Mise à jour des données ?',
        subjectId: id,
        created: modified,
        closed: random.chance(0.5) ? modified : null,
        messages: [
          {
            id: generateUuid(random),
            content: 'Les données seront-elles mises à jour cette année ?',
            posted_on: modified,
            author: 'Camille Martin',
          },
        ],
      });
      record.metrics.discussions = 1;
    }
    return record;
  }

  for (const item of NATIONAL_DATASETS) {
    const org = organizations.find((o) => o.name === item.org) ?? organization(item.org, item.org, 'public-service');
    dataset(`national:${item.title}`, item.title, item.tags, 'csv', 'annual', ['country:fr'], 'fr:commune', org);
  }
  for (const region of g.regions.filter((r) => r.zone !== 'com')) {
    const org = organization(`Région ${region.name}`, `region:${region.code}`, 'local-authority');
    dataset(
      `region:${region.code}`,
      `Offre de formation professionnelle en ${region.name}`,
      ['formation', 'insertion'],
      'csv',
      'annual',
      [`fr:region:${region.code}`],
      'fr:region',
      org,
    );
  }
  for (const department of g.departments.filter((d) => d.zone !== 'com')) {
    const org = organization(`Département ${department.name}`, `department:${department.code}`, 'local-authority');
    dataset(
      `department:${department.code}`,
      `Structures d’insertion et d’action sociale — ${department.name}`,
      ['insertion', 'action-sociale'],
      'csv',
      'monthly',
      [`fr:departement:${department.code}`, `fr:commune:${department.chefLieu}`],
      'fr:commune',
      org,
    );
  }
  for (const epci of g.epcis.filter((e) => e.population >= 100_000)) {
    const org = organization(epci.name, `epci:${epci.code}`, 'local-authority');
    dataset(
      `epci:${epci.code}`,
      `Points d’accueil emploi et insertion — ${epci.name}`,
      ['insertion', 'emploi'],
      'csv',
      'quarterly',
      epci.memberCodes.slice(0, 12).map((c) => `fr:commune:${c}`),
      'fr:commune',
      org,
    );
  }
  for (const commune of g.communes.filter((c) => c.kind === 'commune' && (c.population ?? 0) >= 20_000)) {
    const random = new Random(`dg:commune:${commune.code}`);
    const org = organization(`Ville de ${commune.name}`, `commune:${commune.code}`, 'local-authority');
    for (const [i, template] of random.sample(LOCAL_TEMPLATES, random.int(2, 4)).entries()) {
      const year = String(random.int(2022, 2026));
      const title = template.title.replace('{place}', `la ville de ${commune.name}`).replace('{year}', year);
      dataset(
        `commune:${commune.code}:${i}`,
        title,
        [...template.tags, slugify(commune.name)],
        template.format,
        template.frequency,
        [`fr:commune:${commune.code}`],
        'fr:commune',
        org,
      );
    }
  }
  // A soft-deleted dataset: the API answers 410.
  datasets[datasets.length - 1]!.deleted = '2025-01-15T09:00:00.000000+00:00';
  defunctOrganization(organization, dataset);
  datasets.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
  return { organizations, organizationById: new Map(organizations.map((o) => [o.id, o])), datasets, discussions };
}

/**
 * A dissolved organization (deleted: its page answers 410) whose old datasets were deleted with
 * it, one of them private too (404 rather than 410). Created in 2016, so that they stay far from
 * the newest datasets, and without discussions, so that the live lists do not change.
 */
function defunctOrganization(
  organization: (name: string, key: string, badge: string) => Organization,
  dataset: (
    key: string,
    title: string,
    tags: string[],
    format: string,
    frequency: string,
    zones: string[],
    granularity: string,
    org: Organization,
    options: { createdBetween: [string, string]; discussed: boolean },
  ) => DatasetRecord,
): void {
  const org = organization('Syndicat intercommunal d’insertion du Val de Loire (dissous)', 'defunct:val-de-loire', 'local-authority');
  org.deleted = '2024-06-30T12:00:00.000000+00:00';
  for (let year = 2016; year <= 2022; year++) {
    const record = dataset(
      `defunct:${year}`,
      `Bénéficiaires de l’accompagnement vers l’emploi en ${year} (Val de Loire)`,
      ['insertion', 'archives'],
      'csv',
      'annual',
      ['fr:departement:44', 'fr:departement:49'],
      'fr:departement',
      org,
      { createdBetween: ['2016-01-01', '2016-12-31'], discussed: false },
    );
    record.deleted = org.deleted;
    record.private = year === 2022;
  }
}
