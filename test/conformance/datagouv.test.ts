import { describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { datasetFromDatagouv, discussionFromDatagouv } from '../../src/modules/dataset/from-datagouv.js';
import { datagouvPageSchema, datasetSchema, discussionSchema, organizationRefSchema } from '../../src/sources/datagouv/schemas.js';
import { datasetAsStoredSchema, fullUpdateBody } from '../../src/sources/datagouv/update.js';
import { connectionsFor } from '../helpers/connections.js';
import { example, exampleFiles, examplesAvailable, shapeDifferences } from '../helpers/examples.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * The recorded answers and request bodies of data.gouv.fr (examples/datagouv, read in place)
 * against our client and our sandbox: the client reads each recording to the right values, the
 * sandbox answers the same requests in the same shape (the 2025 one for datasets), and udata's
 * PUT erases what a body leaves out, which our updates never let happen.
 */

const SOURCE = 'datagouv';
const FILES = {
  dataset2023: 'dataset.v1.200.fichier-des-personnes-decedees.2023-10.json',
  dataset2025: 'dataset.v1.200.catalogue-des-donnees-de-data-gouv-fr.2025-04.json',
  notFound: 'dataset.v1.404.unknown-slug.json',
  discussions: 'discussions.page.200.for-dataset.2024-07.json',
  organization: 'organization.200.data-gouv-fr.2025-08.json',
  organizations: 'organizations.page.200.sort-followers.2024.json',
  putFromGuide: 'dataset.put.request.guide-example.json',
  putFromIssue: 'dataset.put.request.udata-issue-2468.json',
} as const;

const recorded = (file: keyof typeof FILES) => example(SOURCE, FILES[file]);

/**
 * Maps whose keys are data, not shape, emptied on both sides: `extras` (free-form by udata) and
 * the `*_by_months` counters (keyed by month).
 */
function withoutFreeForm(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutFreeForm);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) =>
      (key === 'extras' || key.endsWith('_by_months')) && v !== null && typeof v === 'object' ? [key, {}] : [key, withoutFreeForm(v)],
    ),
  );
}

const compare = (expected: unknown, actual: unknown, nullable: string[] = []) =>
  shapeDifferences(withoutFreeForm(expected), withoutFreeForm(actual), nullable);

/** Where a recorded dataset's null (or the sandbox's) says nothing of the type. */
const DATASET_NULLABLE = [
  'acronym',
  'frequency_date',
  'spatial',
  'temporal_coverage',
  // An open-ended coverage (udata's test_update_temporal_coverage).
  'temporal_coverage.end',
  'schema',
  'organization.logo',
  'organization.logo_thumbnail',
  'resources[].mime',
  'resources[].preview_url',
  'resources[].schema',
];

describe.skipIf(!examplesAvailable)('data.gouv.fr against its recordings', () => {
  const sandbox = useSandbox();
  const dg = (path: string, headers: Record<string, string> = {}) => getJson(`${sandbox().urls.datagouv}${path}`, headers);
  const key = () => sandbox().credentials.datagouvApiKey;

  it('covers every recorded file', () => {
    expect(exampleFiles(SOURCE)).toEqual(Object.values(FILES).sort());
  });

  describe('the client reads each recorded answer', () => {
    it.each(['dataset2023', 'dataset2025'] as const)('%s: parsed and mapped to its title, tags, coverage, owner and resources', (file) => {
      const raw = recorded(file);
      const dataset = datasetSchema.parse(raw);
      expect(dataset.spatial?.zones ?? null).toEqual(raw.spatial?.zones ?? null);
      expect(datasetFromDatagouv(dataset)).toEqual({
        id: raw.id,
        slug: raw.slug,
        title: raw.title,
        description: raw.description,
        url: raw.page,
        organization: { id: raw.organization.id, name: raw.organization.name, slug: raw.organization.slug },
        // An organization publishes both: no owner (udata gives `owner: null`).
        ownerId: null,
        tags: raw.tags,
        license: 'lov2',
        frequency: raw.frequency,
        lastModified: raw.last_modified,
        resources: raw.resources.map((r: any) => ({ id: r.id, title: r.title, format: r.format, url: r.url })),
        // `country:fr` (2023) and no coverage (2025) name no commune.
        communeCodes: [],
      });
    });

    it('the 2023 dataset: the values themselves', () => {
      const model = datasetFromDatagouv(datasetSchema.parse(recorded('dataset2023')));
      expect(model).toMatchObject({
        title: 'Fichier des personnes décédées',
        tags: ['deces', 'etat-civil'],
        frequency: 'monthly',
        organization: { id: '534fff81a3a7292c64a77e5c' },
      });
      expect(datasetSchema.parse(recorded('dataset2023')).spatial?.zones).toEqual(['country:fr']);
    });

    it('a page of discussions: envelope, threads and their messages', () => {
      const raw = recorded('discussions');
      const page = datagouvPageSchema(discussionSchema).parse(raw);
      expect(page).toMatchObject({ page: 1, page_size: 5, total: 155, next_page: raw.next_page, previous_page: null });
      const threads = page.data.map(discussionFromDatagouv);
      expect(threads.map((t) => t.id)).toEqual(raw.data.map((d: any) => d.id));
      expect(threads[2]!.messages).toHaveLength(2);
      expect(threads[2]!.messages[1]).toEqual({
        content: raw.data[2].discussion[1].content,
        postedOn: raw.data[2].discussion[1].posted_on,
        author: `${raw.data[2].discussion[1].posted_by.first_name} ${raw.data[2].discussion[1].posted_by.last_name}`,
      });
      expect(threads[0]!.closedAt).toBeNull();
    });

    it('an organization and a page of organizations', () => {
      const org = recorded('organization');
      expect(organizationRefSchema.parse(org)).toEqual({ id: '646b7187b50b2a93b1ae3d45', name: 'data.gouv.fr', slug: 'data-gouv-fr' });
      const page = datagouvPageSchema(organizationRefSchema).parse(recorded('organizations'));
      expect(page.total).toBe(4706);
      expect(page.data.map((o) => o.slug)).toEqual(recorded('organizations').data.map((o: any) => o.slug));
    });

    it('a dataset kept for an update is the whole answer, unknown keys included', () => {
      for (const file of ['dataset2023', 'dataset2025'] as const) {
        const raw = recorded(file);
        const stored = datasetAsStoredSchema.parse(raw);
        expect(stored.raw).toEqual(raw);
        expect(stored.dataset.id).toBe(raw.id);
      }
      expect(() => datasetAsStoredSchema.parse({ ...recorded('dataset2025'), title: 42 })).toThrow();
    });
  });

  describe('the sandbox answers like the recordings', () => {
    const world = () => sandboxWorld().datagouv;
    /** A live dataset with a temporal coverage, so that every nested object is there to compare. */
    const covered = () => world().datasets.find((d) => !d.deleted && !d.private && d.temporal_coverage && d.resources.length > 1)!;

    it('a dataset in the 2025 shape, key for key', async () => {
      const answer = await dg(`/api/1/datasets/${covered().id}/`);
      expect(answer.status).toBe(200);
      expect(compare(recorded('dataset2025'), answer.body, DATASET_NULLABLE)).toEqual([]);
    });

    it('against the 2023 recording, it differs only as the 2025 recording does (keys udata added since)', async () => {
      const answer = await dg(`/api/1/datasets/${covered().id}/`);
      const added = compare(recorded('dataset2023'), recorded('dataset2025'), DATASET_NULLABLE);
      expect(added).toEqual(
        expect.arrayContaining([
          'contact_points: not in the recording',
          'description_short: not in the recording',
          'featured: not in the recording',
          'schema: not in the recording',
          'metrics.resources_downloads: not in the recording',
        ]),
      );
      // A resource schema is `{}` in 2023 and `{name, url, version}` in 2025; the sandbox has none (null).
      const sandboxAdded = added.filter((difference) => !difference.startsWith('resources[].schema.'));
      expect(compare(recorded('dataset2023'), answer.body, DATASET_NULLABLE)).toEqual(sandboxAdded);
    });

    it('the page of discussions for a dataset', async () => {
      const subject = world().discussions[0]!.subjectId;
      const answer = await dg(`/api/1/discussions/?for=${subject}&sort=-created&page_size=5`);
      expect(answer.status).toBe(200);
      const nullable = ['next_page', 'data[].closed', 'data[].closed_by', 'data[].discussion[].spam.status'];
      expect(compare(recorded('discussions'), answer.body, nullable)).toEqual([]);
    });

    it('an organization', async () => {
      const org = world().organizations.find((o) => !o.deleted && o.business_number_id)!;
      const answer = await dg(`/api/1/organizations/${org.id}/`);
      expect(answer.status).toBe(200);
      expect(compare(recorded('organization'), answer.body, ['acronym', 'logo', 'logo_thumbnail', 'url'])).toEqual([]);
    });

    it('a page of organizations: the 2024 shape, with the metrics the 2025 organization adds', async () => {
      const answer = await dg('/api/1/organizations/?sort=-followers');
      expect(answer.status).toBe(200);
      const nullable = ['data[].acronym', 'data[].business_number_id', 'data[].logo', 'data[].logo_thumbnail', 'data[].url'];
      const added = Object.keys(recorded('organization').metrics).filter((k) => !(k in recorded('organizations').data[0].metrics));
      expect(added.length).toBeGreaterThan(0);
      expect(new Set(compare(recorded('organizations'), answer.body, nullable))).toEqual(
        new Set(added.map((k) => `data[].metrics.${k}: not in the recording`)),
      );
    });

    it('the 404 of an unknown slug: Flask’s message, with its route suggestions', async () => {
      const answer = await dg('/api/1/datasets/marvin/');
      expect(answer.status).toBe(404);
      expect(compare(recorded('notFound'), answer.body)).toEqual([]);
      const [recordedText, recordedTail] = recorded('notFound').message.split(' but did you mean ');
      const [text, tail] = answer.body.message.split(' but did you mean ');
      expect(text).toBe(recordedText);
      expect(tail).toMatch(/^\/api\/1\/\S+( or \/api\/1\/\S+)* \?$/);
      expect(recordedTail).toMatch(/^\/api\/1\/\S+( or \/api\/1\/\S+)* \?$/);
    });
  });

  describe('PUT /api/1/datasets/{id}/ replaces the dataset', () => {
    /** A dataset of the sandbox user's, with tags and a temporal coverage to lose. */
    async function tagged(): Promise<Record<string, any>> {
      const response = await fetch(`${sandbox().urls.datagouv}/api/1/datasets/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key() },
        body: JSON.stringify({
          title: 'Ateliers numériques de Nantes',
          description: 'Ateliers d’inclusion numérique.',
          tags: ['numerique', 'inclusion'],
          temporal_coverage: { start: '2022-01-01', end: '2022-12-31' },
          spatial: { zones: ['fr:commune:44109'], granularity: 'fr:commune' },
        }),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as Record<string, any>;
    }

    async function put(id: string, body: unknown) {
      const response = await fetch(`${sandbox().urls.datagouv}/api/1/datasets/${id}/`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-api-key': key() },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, any>;
    }

    it('the guide’s partial body wipes the tags and the temporal coverage, and keeps the rest', async () => {
      const before = await tagged();
      const body = recorded('putFromGuide');
      const after = await put(before.id, body);
      expect(after).toMatchObject({ ...body, tags: [], temporal_coverage: null, spatial: before.spatial });
    });

    it('udata issue #2468’s body sets the coverage and wipes the tags', async () => {
      const before = await tagged();
      const body = recorded('putFromIssue');
      const after = await put(before.id, body);
      expect(after).toMatchObject({ ...body, tags: [], title: before.title, spatial: before.spatial });
    });

    it('our update sends the whole dataset, so the same change keeps the tags and the coverage', async () => {
      const stored = datasetAsStoredSchema.parse(recorded('dataset2025'));
      const body = fullUpdateBody(stored.raw, recorded('putFromGuide'));
      expect(Object.keys(body).sort()).toEqual(Object.keys(recorded('dataset2025')).sort());
      expect(body).toEqual({ ...recorded('dataset2025'), ...recorded('putFromGuide') });

      const before = await tagged();
      const clients = connectionsFor(sandbox());
      try {
        const updated = await clients.datagouv.updateDataset(before.id, recorded('putFromGuide'), key());
        expect(updated).toMatchObject({ ...recorded('putFromGuide'), tags: before.tags });
      } finally {
        await clients.close();
      }
      const after = (await dg(`/api/1/datasets/${before.id}/`, { 'x-api-key': key() })).body;
      expect(after).toMatchObject({
        ...recorded('putFromGuide'),
        tags: before.tags,
        temporal_coverage: before.temporal_coverage,
        spatial: before.spatial,
      });
    });
  });
});
