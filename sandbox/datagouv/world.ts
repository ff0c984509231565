import { geography, slugify } from '../product.js';
import { Random } from '../seed/random.js';
import { DatagouvWorldBuilder } from './builder.js';
import { individualPublishers } from './individuals.js';
import { LOCAL_TEMPLATES, NATIONAL_DATASETS } from './reference.js';

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

/** An account, as udata keeps it; a deleted one is anonymised and inactive, its datasets kept. */
export interface User {
  id: string;
  slug: string;
  first_name: string;
  last_name: string;
  /** The avatar's path without its size suffix; null without a picture. */
  avatar: string | null;
  website: string | null;
  about: string | null;
  since: string;
  active: boolean;
  /** When the account was deleted; its page then answers 410. */
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
  users: User[];
  userById: Map<string, User>;
  datasets: DatasetRecord[];
  discussions: Discussion[];
}

/**
 * The generated catalogue: national datasets, then those of each region, department, large
 * intercommunality and town (20 000 inhabitants or more), a soft-deleted one and a dissolved
 * organization's, and those a few users publish in their own name; newest first, as udata
 * lists them.
 */
export function buildDatagouvWorld(): DatagouvWorld {
  const builder = new DatagouvWorldBuilder();
  nationalDatasets(builder);
  regionalDatasets(builder);
  departmentalDatasets(builder);
  intercommunalDatasets(builder);
  municipalDatasets(builder);
  const { organizations, datasets, discussions } = builder;
  // A soft-deleted dataset: the API answers 410.
  datasets[datasets.length - 1]!.deleted = '2025-01-15T09:00:00.000000+00:00';
  defunctOrganization(builder);
  individualPublishers(builder);
  datasets.sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
  const { users } = builder;
  return {
    organizations,
    organizationById: new Map(organizations.map((o) => [o.id, o])),
    users,
    userById: new Map(users.map((u) => [u.id, u])),
    datasets,
    discussions,
  };
}

function nationalDatasets(builder: DatagouvWorldBuilder): void {
  for (const item of NATIONAL_DATASETS) {
    const org = builder.organizations.find((o) => o.name === item.org) ?? builder.organization(item.org, item.org, 'public-service');
    builder.dataset({
      key: `national:${item.title}`,
      title: item.title,
      tags: item.tags,
      format: 'csv',
      frequency: 'annual',
      zones: ['country:fr'],
      granularity: 'fr:commune',
      org,
    });
  }
}

function regionalDatasets(builder: DatagouvWorldBuilder): void {
  for (const region of geography().regions.filter((r) => r.zone !== 'com')) {
    builder.dataset({
      key: `region:${region.code}`,
      title: `Offre de formation professionnelle en ${region.name}`,
      tags: ['formation', 'insertion'],
      format: 'csv',
      frequency: 'annual',
      zones: [`fr:region:${region.code}`],
      granularity: 'fr:region',
      org: builder.organization(`Région ${region.name}`, `region:${region.code}`, 'local-authority'),
    });
  }
}

function departmentalDatasets(builder: DatagouvWorldBuilder): void {
  for (const department of geography().departments.filter((d) => d.zone !== 'com')) {
    builder.dataset({
      key: `department:${department.code}`,
      title: `Structures d’insertion et d’action sociale — ${department.name}`,
      tags: ['insertion', 'action-sociale'],
      format: 'csv',
      frequency: 'monthly',
      zones: [`fr:departement:${department.code}`, `fr:commune:${department.chefLieu}`],
      granularity: 'fr:commune',
      org: builder.organization(`Département ${department.name}`, `department:${department.code}`, 'local-authority'),
    });
  }
}

function intercommunalDatasets(builder: DatagouvWorldBuilder): void {
  for (const epci of geography().epcis.filter((e) => e.population >= 100_000)) {
    builder.dataset({
      key: `epci:${epci.code}`,
      title: `Points d’accueil emploi et insertion — ${epci.name}`,
      tags: ['insertion', 'emploi'],
      format: 'csv',
      frequency: 'quarterly',
      zones: epci.memberCodes.slice(0, 12).map((c) => `fr:commune:${c}`),
      granularity: 'fr:commune',
      org: builder.organization(epci.name, `epci:${epci.code}`, 'local-authority'),
    });
  }
}

/** Two to four datasets of the local authority's usual kinds per town. */
function municipalDatasets(builder: DatagouvWorldBuilder): void {
  for (const commune of geography().communes.filter((c) => c.kind === 'commune' && (c.population ?? 0) >= 20_000)) {
    const random = new Random(`dg:commune:${commune.code}`);
    const org = builder.organization(`Ville de ${commune.name}`, `commune:${commune.code}`, 'local-authority');
    for (const [i, template] of random.sample(LOCAL_TEMPLATES, random.int(2, 4)).entries()) {
      const year = String(random.int(2022, 2026));
      builder.dataset({
        key: `commune:${commune.code}:${i}`,
        title: template.title.replace('{place}', `la ville de ${commune.name}`).replace('{year}', year),
        tags: [...template.tags, slugify(commune.name)],
        format: template.format,
        frequency: template.frequency,
        zones: [`fr:commune:${commune.code}`],
        granularity: 'fr:commune',
        org,
      });
    }
  }
}

/**
 * A dissolved organization (deleted: its page answers 410) whose old datasets were deleted with
 * it, one of them private too (404 rather than 410). Created in 2016, so that they stay far from
 * the newest datasets, and without discussions, so that the live lists do not change.
 */
function defunctOrganization(builder: DatagouvWorldBuilder): void {
  const org = builder.organization(
    'Syndicat intercommunal d’insertion du Val de Loire (dissous)',
    'defunct:val-de-loire',
    'local-authority',
  );
  org.deleted = '2024-06-30T12:00:00.000000+00:00';
  for (let year = 2016; year <= 2022; year++) {
    const record = builder.dataset({
      key: `defunct:${year}`,
      title: `Bénéficiaires de l’accompagnement vers l’emploi en ${year} (Val de Loire)`,
      tags: ['insertion', 'archives'],
      format: 'csv',
      frequency: 'annual',
      zones: ['fr:departement:44', 'fr:departement:49'],
      granularity: 'fr:departement',
      org,
      createdBetween: ['2016-01-01', '2016-12-31'],
      discussed: false,
    });
    record.deleted = org.deleted;
    record.private = year === 2022;
  }
}
