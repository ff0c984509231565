import type { DatagouvWorld, DatasetRecord, Discussion, Organization, User } from './world.js';

/*
 * The JSON udata renders for each object, key for key as the recordings show it (datasets as
 * in 2025, discussions as in 2024, organizations as in 2025).
 */

export const PUBLIC_HOST = 'https://www.data.gouv.fr';
export const SANDBOX_USER = {
  id: '5a1b2c3d4e5f60718293a4b5',
  slug: 'utilisatrice-sandbox',
  first_name: 'Utilisatrice',
  last_name: 'Sandbox',
};

/** Route patterns, in Flask's notation, that the 404 message suggests as udata's does. */
const ROUTES = [
  '/api/1/datasets/',
  '/api/1/datasets/r/<uuid:id>',
  '/api/1/datasets/<dataset:dataset>/',
  '/api/1/datasets/<dataset:dataset>/resources/<uuid:rid>/',
  '/api/1/datasets/suggest/',
  '/api/1/organizations/',
  '/api/1/organizations/<org:org>/',
  '/api/1/organizations/<org:org>/datasets/',
  '/api/1/discussions/',
  '/api/1/discussions/<id>/',
  '/api/1/spatial/zones/<list:ids>/',
  '/api/1/users/<user:user>/',
];

/** Werkzeug's 404 text, with the "did you mean" suffix Flask adds from the routes nearest the path. */
export function notFound(path: string) {
  const shared = (route: string) => {
    let i = 0;
    while (i < route.length && route[i] === path[i]) i++;
    return i;
  };
  const nearest = [...ROUTES]
    .filter((route) => route !== path)
    .sort((a, b) => shared(b) - shared(a))
    .slice(0, 3);
  return {
    message: `The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again. You have requested this URI [${path}] but did you mean ${nearest.join(' or ')} ?`,
  };
}

/** A user as udata embeds it in other objects (`UserReference`); the sandbox user by default. */
export function userRef(user: Pick<User, 'id' | 'slug' | 'first_name' | 'last_name' | 'avatar'> = { ...SANDBOX_USER, avatar: null }) {
  return {
    avatar: user.avatar === null ? null : `${user.avatar}-original.png`,
    avatar_thumbnail: user.avatar === null ? null : `${user.avatar}-500.png`,
    class: 'User',
    first_name: user.first_name,
    id: user.id,
    last_name: user.last_name,
    page: `${PUBLIC_HOST}/users/${user.slug}/`,
    slug: user.slug,
    uri: `${PUBLIC_HOST}/api/1/users/${user.slug}/`,
  };
}

/**
 * The full user, as `GET /users/{user}/` gives it to anyone but an administrator or the user:
 * no email, no last login. `datasets` counts the visible datasets the user owns.
 */
export function renderUser(user: User, datasets: number) {
  const { class: _class, ...ref } = userRef(user);
  return {
    ...ref,
    about: user.about,
    active: user.active,
    email: null,
    last_login_at: null,
    metrics: { datasets, dataservices: 0, followers: 0, following: 0, reuses: 0 },
    organizations: [],
    roles: [],
    since: user.since,
    website: user.website,
  };
}

export function organizationRef(org: Organization) {
  return {
    acronym: org.acronym,
    badges: org.badges,
    class: 'Organization',
    id: org.id,
    logo: null,
    logo_thumbnail: null,
    name: org.name,
    page: `${PUBLIC_HOST}/organizations/${org.slug}/`,
    slug: org.slug,
    uri: `${PUBLIC_HOST}/api/1/organizations/${org.slug}/`,
  };
}

/** The last thirteen months (`YYYY-MM`) before the sandbox's reference date, oldest first. */
function lastMonths(): string[] {
  return Array.from({ length: 13 }, (_, i) => {
    const date = new Date(Date.UTC(2026, 9 - 12 + i, 1));
    return date.toISOString().slice(0, 7);
  });
}

/** The full organization, as `GET /organizations/{org}/` and the organization lists give it. */
export function renderOrganization(world: DatagouvWorld, org: Organization) {
  const datasets = world.datasets.filter((d) => d.organizationId === org.id && !d.deleted);
  const months = lastMonths();
  const byMonth = (count: (month: string) => number) => Object.fromEntries(months.map((m) => [m, count(m)]));
  const { class: _class, ...ref } = organizationRef(org);
  return {
    ...ref,
    business_number_id: org.business_number_id,
    created_at: org.created_at,
    deleted: org.deleted,
    description: org.description,
    extras: {},
    last_modified: org.created_at,
    members: [],
    metrics: {
      dataservices: 0,
      dataservices_by_months: byMonth(() => 0),
      datasets: datasets.length,
      datasets_by_months: byMonth((m) => datasets.filter((d) => d.created_at.startsWith(m)).length),
      datasets_followers_by_months: byMonth(() => 0),
      datasets_reuses_by_months: byMonth(() => 0),
      followers: datasets.reduce((sum, d) => sum + (d.metrics.followers ?? 0), 0),
      members: 0,
      reuses: datasets.reduce((sum, d) => sum + (d.metrics.reuses ?? 0), 0),
      // udata gives these two as plain 0 where the others are per-month objects.
      reuses_by_months: 0,
      reuses_followers_by_months: 0,
      views: datasets.reduce((sum, d) => sum + (d.metrics.views ?? 0), 0),
    },
    url: null,
  };
}

export function renderDiscussion(d: Discussion) {
  return {
    class: 'Discussion',
    closed: d.closed,
    closed_by: d.closed ? userRef() : null,
    created: d.created,
    discussion: d.messages.map((m) => ({
      content: m.content,
      posted_by: { ...userRef(), first_name: m.author.split(' ')[0], last_name: m.author.split(' ')[1] ?? '' },
      posted_on: m.posted_on,
      spam: { status: null },
    })),
    extras: {},
    id: d.id,
    spam: { status: 'not_checked' },
    subject: { class: 'Dataset', id: d.subjectId },
    title: d.title,
    url: `${PUBLIC_HOST}/api/1/discussions/${d.id}/`,
    user: userRef(),
  };
}

/** udata's quality criteria; the resource ones are absent when there is no resource. */
function quality(d: DatasetRecord) {
  const base = {
    license: d.license !== 'notspecified',
    temporal_coverage: d.temporal_coverage !== null,
    spatial: d.spatial !== null,
    update_frequency: d.frequency !== 'unknown',
    update_fulfilled_in_time: true,
    dataset_description_quality: d.description.length > 100,
  };
  const resources =
    d.resources.length === 0
      ? {}
      : {
          has_resources: true,
          has_open_format: d.resources.some((r) => ['csv', 'json', 'geojson', 'xml'].includes(r.format)),
          all_resources_available: d.resources.every((r) => r.extras['check:available'] !== false),
          resources_documentation: d.resources.some((r) => r.type === 'documentation' || r.description !== null),
        };
  const all = { ...base, ...resources };
  const met = Object.entries(all).filter(([key, value]) => key !== 'has_resources' && value).length;
  return { ...all, score: met / 9 };
}

/** The owner of a dataset no organization publishes (the sandbox user for those created through the API). */
function ownerRef(world: DatagouvWorld, d: DatasetRecord) {
  if (d.organizationId || !d.ownerId) return null;
  const owner = world.userById.get(d.ownerId);
  return owner ? userRef(owner) : userRef();
}

export function renderDataset(world: DatagouvWorld, d: DatasetRecord, version: 1 | 2) {
  const org = d.organizationId ? world.organizationById.get(d.organizationId) : undefined;
  const v1 = {
    acronym: d.acronym,
    archived: d.archived,
    badges: d.badges,
    contact_points: d.contact_points,
    created_at: d.created_at,
    deleted: d.deleted,
    description: d.description,
    description_short: d.description_short,
    extras: d.extras,
    featured: d.featured,
    frequency: d.frequency,
    frequency_date: d.frequency_date,
    harvest: null,
    id: d.id,
    internal: { created_at_internal: d.created_at, last_modified_internal: d.last_modified },
    last_modified: d.last_modified,
    last_update: d.last_update,
    license: d.license,
    metrics: d.metrics,
    organization: org ? organizationRef(org) : null,
    owner: ownerRef(world, d),
    page: `${PUBLIC_HOST}/datasets/${d.slug}/`,
    private: d.private,
    quality: quality(d),
    resources: d.resources,
    schema: null,
    slug: d.slug,
    spatial: d.spatial,
    tags: d.tags,
    temporal_coverage: d.temporal_coverage,
    title: d.title,
    uri: `${PUBLIC_HOST}/api/1/datasets/${d.slug}/`,
  };
  if (version === 1) return v1;
  // v2 links to paginated resources instead of inlining them, and has no dataset schema.
  const { schema: _schema, ...v2 } = v1;
  return {
    ...v2,
    resources: {
      rel: 'subsection',
      href: `${PUBLIC_HOST}/api/2/datasets/${d.id}/resources/?page=1&page_size=50`,
      type: 'GET',
      total: d.resources.length,
    },
    community_resources: {
      rel: 'subsection',
      href: `${PUBLIC_HOST}/api/2/datasets/community_resources/?dataset=${d.id}`,
      type: 'GET',
      total: 0,
    },
  };
}
