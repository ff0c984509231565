import { randomUUID } from 'node:crypto';
import { slugify } from '../product.js';
import { FREQUENCIES, LICENSES } from './reference.js';
import type { DatasetRecord, Resource } from './world.js';

/*
 * udata's DatasetForm applied to a dataset, as `POST` and `PUT /api/1/datasets/…` do: every form
 * field is processed whether the body has its key or not, and what an absent key does depends
 * on the field's class (udata/core/dataset/forms.py, udata/forms/fields.py). A `PUT` therefore
 * replaces rather than patches: a body without `tags` wipes the tags, one without
 * `temporal_coverage` wipes the coverage. Keys that are not form fields (`id`, `metrics`,
 * `quality`, `uri`, `page`, `internal`, …) are ignored.
 */

export type FormErrors = Record<string, string[]>;

const REQUIRED = 'Ce champ est obligatoire.';
const TAG_LENGTH = { min: 3, max: 96 };

type Body = Record<string, unknown>;

/** What `validate()` found; `apply()` writes it only when there is no error. */
interface Processed {
  errors: FormErrors;
  changes: Partial<DatasetRecord>;
}

function has(body: Body, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(body, key);
}

/** StringField/MarkdownField: an absent key keeps the object's value. */
function text(body: Body, key: string, processed: Processed, required: boolean, current: string | null): void {
  const value = has(body, key) ? body[key] : current;
  if (value !== null && typeof value !== 'string') {
    processed.errors[key] = ['Not a valid string value.'];
    return;
  }
  if (required && (value === null || value.trim() === '')) {
    processed.errors[key] = [REQUIRED];
    return;
  }
  if (has(body, key)) (processed.changes as Body)[key] = value;
}

/** TagField: an absent key or null gives no tags; tags are slugified and length-checked. */
function tags(body: Body, processed: Processed): void {
  const raw = has(body, 'tags') ? body.tags : undefined;
  if (raw === undefined || raw === null) {
    processed.changes.tags = [];
    return;
  }
  if (!Array.isArray(raw) || raw.some((t) => typeof t !== 'string')) {
    processed.errors.tags = ['Tags must be a list of strings.'];
    return;
  }
  const slugs = raw.map((t: string) => slugify(t));
  const wrong = slugs.find((t) => t.length < TAG_LENGTH.min || t.length > TAG_LENGTH.max);
  if (wrong !== undefined) {
    processed.errors.tags = [`Tag "${wrong}" must be between ${TAG_LENGTH.min} and ${TAG_LENGTH.max} characters long.`];
    return;
  }
  processed.changes.tags = slugs;
}

/** DateRangeField: an absent key or null gives no coverage. */
function temporalCoverage(body: Body, processed: Processed): void {
  const raw = has(body, 'temporal_coverage') ? body.temporal_coverage : undefined;
  if (raw === undefined || raw === null || raw === '') {
    processed.changes.temporal_coverage = null;
    return;
  }
  if (typeof raw !== 'object' || !('start' in raw)) {
    processed.errors.temporal_coverage = ['Unable to parse date range'];
    return;
  }
  const { start, end } = raw as { start: unknown; end?: unknown };
  const isDate = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
  if (!isDate(start) || (end !== undefined && end !== null && end !== '' && !isDate(end))) {
    processed.errors.temporal_coverage = ['Date must be a string'];
    return;
  }
  const day = (v: string) => new Date(v).toISOString().slice(0, 10);
  processed.changes.temporal_coverage = { start: day(start as string), end: end ? day(end as string) : null };
}

/** The selects: an absent key keeps the value; an unknown choice is refused. */
function choice(body: Body, key: 'license' | 'frequency', choices: string[], processed: Processed): void {
  if (!has(body, key) || body[key] === null) return;
  const value = body[key];
  if (typeof value !== 'string' || !choices.includes(value)) {
    processed.errors[key] = [key === 'license' ? 'Licence inconnue.' : `Fréquence inconnue : ${String(value)}`];
    return;
  }
  processed.changes[key] = value;
}

/** BooleanField override (udata ≥ 2024-02): absent keeps the value, null means false. */
function privateFlag(body: Body, processed: Processed): void {
  if (!has(body, 'private')) return;
  processed.changes.private = body.private === true;
}

/** DateTimeField (`deleted`, `archived`, `frequency_date`): absent keeps, null clears. */
function dateTime(body: Body, key: 'deleted' | 'archived' | 'frequency_date', processed: Processed): void {
  if (!has(body, key)) return;
  const value = body[key];
  if (value !== null && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
    processed.errors[key] = ['Not a valid datetime value.'];
    return;
  }
  processed.changes[key] = value as string | null;
}

/** SpatialCoverageField: absent keeps; zones are geoids or zone objects with an id. */
function spatial(body: Body, processed: Processed): void {
  if (!has(body, 'spatial')) return;
  const raw = body.spatial;
  if (raw === null) {
    processed.changes.spatial = null;
    return;
  }
  const { zones, granularity } = (typeof raw === 'object' ? raw : {}) as { zones?: unknown; granularity?: unknown };
  const ids = Array.isArray(zones) ? zones.map((z) => (typeof z === 'object' && z !== null ? (z as { id?: unknown }).id : z)) : [];
  if (ids.some((id) => typeof id !== 'string')) {
    processed.errors.spatial = ['Invalid spatial coverage'];
    return;
  }
  processed.changes.spatial = {
    geom: null,
    zones: ids as string[],
    granularity: typeof granularity === 'string' ? granularity : ((granularity as { id?: string } | null)?.id ?? 'other'),
  };
}

/** The organization's id, from an id or a reference object, as udata's `clean_oid` reads it. */
function organizationId(value: unknown): string | null | undefined {
  if (value === null || value === undefined || value === '') return value === undefined ? undefined : null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  return undefined;
}

/** PublishAsField: absent keeps; an existing dataset cannot move to another organization. */
function organization(body: Body, current: DatasetRecord, creating: boolean, known: (id: string) => boolean, processed: Processed): void {
  if (!has(body, 'organization')) return;
  const id = organizationId(body.organization);
  if (id === undefined) {
    processed.errors.organization = ['Unsupported identifier'];
    return;
  }
  if (id !== null && !known(id)) {
    processed.errors.organization = ['Organization does not exists'];
    return;
  }
  if (!creating && id !== null && id !== current.organizationId) {
    processed.errors.organization = ['Cannot change owner after creation. Please use transfer feature.'];
    return;
  }
  if (creating && id !== null) {
    processed.changes.organizationId = id;
    processed.changes.ownerId = null;
  }
}

/** Resources sent back keep their ids (and what the form does not write); new ones get one. */
function resources(body: Body, current: DatasetRecord, processed: Processed): void {
  if (!has(body, 'resources') || body.resources === null) return;
  if (!Array.isArray(body.resources)) {
    processed.errors.resources = ['Not a list.'];
    return;
  }
  const now = new Date().toISOString().replace('Z', '000+00:00');
  const next: Resource[] = [];
  for (const [i, item] of (body.resources as Body[]).entries()) {
    if (typeof item !== 'object' || item === null || typeof item.url !== 'string' || typeof item.title !== 'string') {
      processed.errors[`resources-${i}`] = ['A resource needs a title and a url.'];
      continue;
    }
    const existing = current.resources.find((r) => r.id === item.id);
    const id = existing?.id ?? randomUUID();
    const written = {
      title: item.title,
      url: item.url,
      description: typeof item.description === 'string' ? item.description : null,
      format: typeof item.format === 'string' ? item.format : (existing?.format ?? ''),
      type: typeof item.type === 'string' ? item.type : (existing?.type ?? 'main'),
      filetype: item.filetype === 'file' ? 'file' : item.filetype === 'remote' ? 'remote' : (existing?.filetype ?? 'remote'),
      mime: typeof item.mime === 'string' ? item.mime : (existing?.mime ?? null),
      filesize: typeof item.filesize === 'number' ? item.filesize : (existing?.filesize ?? null),
    } as const;
    // A resource sent back as it was is not a change: its dates stay.
    const unchanged = existing !== undefined && Object.entries(written).every(([k, v]) => existing[k as keyof typeof written] === v);
    const modified = unchanged ? existing.last_modified : now;
    next.push({
      id,
      checksum: existing?.checksum ?? null,
      created_at: existing?.created_at ?? now,
      last_modified: modified,
      latest: `https://www.data.gouv.fr/api/1/datasets/r/${id}`,
      metrics: existing?.metrics ?? { views: 0 },
      harvest: null,
      extras: typeof item.extras === 'object' && item.extras !== null ? (item.extras as Record<string, unknown>) : (existing?.extras ?? {}),
      preview_url: existing?.preview_url ?? null,
      schema: null,
      internal: { created_at_internal: existing?.created_at ?? now, last_modified_internal: modified },
      ...written,
    });
  }
  processed.changes.resources = next;
}

/** Free-form objects and lists the form keeps when their key is absent. */
function kept(body: Body, key: 'extras' | 'contact_points', processed: Processed): void {
  if (!has(body, key) || body[key] === null) return;
  const value = body[key];
  const ok = key === 'extras' ? typeof value === 'object' && !Array.isArray(value) : Array.isArray(value);
  if (!ok) {
    processed.errors[key] = [key === 'extras' ? 'Extras must be an object.' : 'Not a list.'];
    return;
  }
  (processed.changes as Body)[key] = value;
}

/**
 * Runs the form over `body` for `record` (a blank record when creating). Returns the field
 * errors; the record is changed only when there is none, as udata saves only a valid form.
 */
export function submitDatasetForm(
  record: DatasetRecord,
  body: Body,
  options: { creating: boolean; organizationExists: (id: string) => boolean },
): FormErrors {
  const processed: Processed = { errors: {}, changes: {} };
  text(body, 'title', processed, true, record.title);
  text(body, 'acronym', processed, false, record.acronym);
  text(body, 'description', processed, true, record.description);
  text(body, 'description_short', processed, false, record.description_short);
  choice(body, 'license', LICENSES, processed);
  choice(body, 'frequency', FREQUENCIES, processed);
  dateTime(body, 'frequency_date', processed);
  dateTime(body, 'deleted', processed);
  dateTime(body, 'archived', processed);
  temporalCoverage(body, processed);
  spatial(body, processed);
  tags(body, processed);
  privateFlag(body, processed);
  organization(body, record, options.creating, options.organizationExists, processed);
  kept(body, 'extras', processed);
  kept(body, 'contact_points', processed);
  resources(body, record, processed);
  if (Object.keys(processed.errors).length > 0) return processed.errors;
  Object.assign(record, processed.changes);
  // The slug follows the title; the old one keeps answering, with a 308 to the new one.
  const slug = slugify(record.title).slice(0, 90);
  if (slug !== record.slug) {
    if (record.slug !== '') record.formerSlugs.push(record.slug);
    record.slug = slug;
  }
  record.last_modified = new Date().toISOString().replace('Z', '000+00:00');
  // udata's last_update is the latest change of a resource.
  record.last_update = [record.last_update, ...record.resources.map((r) => r.last_modified)].sort().at(-1)!;
  return {};
}
