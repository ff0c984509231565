import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { generateObjectId } from '../../seed/identifiers.js';
import { Random } from '../../seed/random.js';
import { notFoundAnswer, redirectFormerSlug } from '../answers.js';
import type { DatagouvContext } from '../context.js';
import { submitDatasetForm } from '../form.js';
import { renderDataset, SANDBOX_USER } from '../render.js';
import type { DatasetRecord } from '../world.js';

const FORBIDDEN = { message: 'You do not have the permission to modify that object.' };
const DELETED = { message: 'Dataset has been deleted' };
const now = () => new Date().toISOString().replace('Z', '000+00:00');

/** Werkzeug's `request.json`: 415 unless the type is JSON, 400 when the body does not parse. */
function requestJson(request: FastifyRequest, reply: FastifyReply): { value: unknown } | undefined {
  const mime = String(request.headers['content-type'] ?? '')
    .split(';', 1)[0]!
    .trim()
    .toLowerCase();
  if (mime !== 'application/json' && !(mime.startsWith('application/') && mime.endsWith('+json'))) {
    void reply.code(415).send({
      message: "Did not attempt to load JSON data because the request Content-Type was not 'application/json'.",
    });
    return undefined;
  }
  try {
    return { value: JSON.parse(typeof request.body === 'string' ? request.body : '') };
  } catch {
    void reply.code(400).send({ message: 'The browser (or proxy) sent a request that this server could not understand.' });
    return undefined;
  }
}

/** udata's `api.validate` before the form runs: a JSON content type, then a JSON object. */
function formBody(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> | undefined {
  if (!String(request.headers['content-type'] ?? '').includes('application/json')) {
    void reply.code(400).send({ errors: { 'Content-Type': 'expecting application/json' } });
    return undefined;
  }
  const json = requestJson(request, reply);
  if (!json) return undefined;
  if (typeof json.value !== 'object' || json.value === null || Array.isArray(json.value)) {
    void reply.code(400).send({ errors: { request: 'expecting a JSON object' } });
    return undefined;
  }
  return json.value as Record<string, unknown>;
}

function blankDataset(sequence: number): DatasetRecord {
  const created = new Date();
  const stamp = now();
  return {
    id: generateObjectId(new Random(`dg:created:${created.getTime()}:${sequence}`), created),
    title: '',
    acronym: null,
    slug: '',
    formerSlugs: [],
    description: '',
    description_short: null,
    created_at: stamp,
    last_modified: stamp,
    last_update: stamp,
    deleted: null,
    archived: null,
    private: false,
    featured: false,
    tags: [],
    badges: [],
    resources: [],
    frequency: 'unknown',
    frequency_date: null,
    extras: {},
    organizationId: null,
    ownerId: SANDBOX_USER.id,
    temporal_coverage: null,
    spatial: null,
    license: 'notspecified',
    metrics: { discussions: 0, followers: 0, resources_downloads: 0, reuses: 0, views: 0 },
    contact_points: [],
  };
}

/** `POST`, `PUT` and `DELETE` on datasets, in udata's order of checks (DatasetListAPI, DatasetAPI). */
export function registerDatasetWrites(app: FastifyInstance, context: DatagouvContext): void {
  const { world, catalog } = context;
  const organizationExists = (id: string) => world.organizationById.has(id);
  /** Writes require a key. */
  const authenticate = (request: FastifyRequest, reply: FastifyReply) => context.caller(request, reply, true);

  /** The dataset a write names: 404 unknown, 308 former slug; undefined when answered. */
  const target = (request: FastifyRequest, reply: FastifyReply): DatasetRecord | undefined => {
    const key = (request.params as { dataset: string }).dataset;
    const found = catalog.find(key);
    if (!found && !redirectFormerSlug(catalog, request, reply, key)) void notFoundAnswer(request, reply);
    return found;
  };

  app.post('/api/1/datasets/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const body = formBody(request, reply);
    if (!body) return reply;
    const record = blankDataset(catalog.created.length);
    const errors = submitDatasetForm(record, body, { creating: true, organizationExists });
    if (Object.keys(errors).length > 0) return reply.code(400).send({ errors });
    catalog.created.push(record);
    context.forget();
    return reply.code(201).send(renderDataset(world, record, 1));
  });

  app.put('/api/1/datasets/:dataset/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const record = target(request, reply);
    if (!record) return reply;
    // udata reads `request.json` first, for its `deleted` key: only `"deleted": null` gets
    // through to a deleted dataset (and restores it).
    const json = requestJson(request, reply);
    if (!json) return reply;
    if (record.deleted && (json.value as { deleted?: unknown } | null)?.deleted !== null) return reply.code(410).send(DELETED);
    if (!catalog.ownedByUser(record)) return reply.code(403).send(FORBIDDEN);
    const body = formBody(request, reply);
    if (!body) return reply;
    const errors = submitDatasetForm(record, body, { creating: false, organizationExists });
    if (Object.keys(errors).length > 0) return reply.code(400).send({ errors });
    context.forget();
    return renderDataset(world, record, 1);
  });

  app.delete('/api/1/datasets/:dataset/', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    const record = target(request, reply);
    if (!record) return reply;
    if (record.deleted) return reply.code(410).send(DELETED);
    if (!catalog.ownedByUser(record)) return reply.code(403).send(FORBIDDEN);
    record.deleted = now();
    context.forget();
    return reply.code(204).send();
  });
}
