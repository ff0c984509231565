import { slugify } from '../product.js';
import { generateDate, generateObjectId, generateUuid } from '../seed/identifiers.js';
import { Random } from '../seed/random.js';
import type { DatasetRecord, Discussion, Organization, Resource, User } from './world.js';

/** What a generated dataset is about; everything else is drawn from its key's seed. */
export interface DatasetSpec {
  /** Seed of the dataset's random draws: the same key, the same dataset. */
  key: string;
  title: string;
  tags: string[];
  /** Format of its main resource. */
  format: string;
  frequency: string;
  zones: string[];
  granularity: string;
  /** Who publishes it: an organization, or else a user in their own name (`owner`). */
  org: Organization | null;
  owner?: User;
  /** Dates its creation is drawn between (default 2016 to mid-2026). */
  createdBetween?: [string, string];
  /** Whether it may have a discussion (by default, about one in seven has one). */
  discussed?: boolean;
}

/**
 * Collects the generated catalogue: organizations, their datasets and discussions, each drawn
 * from a seed of its own, so that adding one never changes the others.
 */
export class DatagouvWorldBuilder {
  readonly organizations: Organization[] = [];
  readonly datasets: DatasetRecord[] = [];
  readonly discussions: Discussion[] = [];
  readonly users: User[] = [];

  /** An account; `avatar` says whether it has a picture. */
  user(firstName: string, lastName: string, key: string, avatar: boolean): User {
    const random = new Random(`dg:user:${key}`);
    const since = `${generateDate(random, '2014-01-01', '2016-12-31')}T09:12:30.000000+00:00`;
    const user: User = {
      id: generateObjectId(random, new Date(since)),
      slug: slugify(`${firstName} ${lastName}`),
      first_name: firstName,
      last_name: lastName,
      avatar: avatar ? `https://static.data.gouv.fr/avatars/${random.hex(2)}/${random.hex(30)}` : null,
      website: random.chance(0.5) ? `https://${slugify(lastName)}.example.org/` : null,
      about: `Données publiées par ${firstName} ${lastName}.`,
      since,
      active: true,
      deleted: null,
    };
    this.users.push(user);
    return user;
  }

  organization(name: string, key: string, badge: string): Organization {
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
    this.organizations.push(org);
    return org;
  }

  dataset(spec: DatasetSpec): DatasetRecord {
    const { title, org, owner } = spec;
    const random = new Random(`dg:dataset:${spec.key}`);
    const [createdFrom, createdTo] = spec.createdBetween ?? ['2016-01-01', '2026-06-30'];
    const created = `${generateDate(random, createdFrom, createdTo)}T${String(random.int(6, 20)).padStart(2, '0')}:15:42.238000+00:00`;
    const modified = `${generateDate(random, created.slice(0, 10), '2026-10-31')}T08:30:00.000000+00:00`;
    const id = generateObjectId(random, new Date(created));
    const slug = slugify(title).slice(0, 90);
    const resources = generateResources(random, slug, spec.format, created, modified);
    const record: DatasetRecord = {
      id,
      title,
      acronym: null,
      slug,
      formerSlugs: random.chance(0.05) ? [`${slug}-ancien`] : [],
      description: `${title}. Jeu de données publié par ${org?.name ?? `${owner?.first_name} ${owner?.last_name}`}.`,
      description_short: null,
      created_at: created,
      last_modified: modified,
      last_update: modified,
      deleted: null,
      archived: null,
      private: false,
      featured: random.chance(0.05),
      tags: spec.tags,
      badges: [],
      resources,
      frequency: spec.frequency,
      frequency_date: null,
      extras: {},
      organizationId: org?.id ?? null,
      ownerId: org ? null : (owner?.id ?? null),
      temporal_coverage: random.chance(0.5) ? { start: `${random.int(2015, 2023)}-01-01`, end: null } : null,
      spatial: { geom: null, zones: spec.zones, granularity: spec.granularity },
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
    this.datasets.push(record);
    if (spec.discussed !== false && random.chance(0.15)) {
      this.discussions.push(discussionAbout(random, id, modified));
      record.metrics.discussions = 1;
    }
    return record;
  }
}

/** One to three resources: the main file in the dataset's format, then documentation. */
function generateResources(random: Random, slug: string, format: string, created: string, modified: string): Resource[] {
  const resources: Resource[] = [];
  // The bound is drawn anew at each turn. Kept so: any change would move every later draw, and so the data.
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
  return resources;
}

/** The question users ask most of a local dataset, sometimes answered (closed). */
function discussionAbout(random: Random, subjectId: string, modified: string): Discussion {
  return {
    id: generateObjectId(random, new Date(modified)),
    title: 'Mise à jour des données ?',
    subjectId,
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
  };
}
