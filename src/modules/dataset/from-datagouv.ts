import type { z } from 'zod';
import type { DatasetModel, DiscussionModel } from './models.js';
import type { Dataset, discussionSchema } from '../../sources/datagouv/schemas.js';
import { currentCommuneCode } from '../../geography/index.js';

const COMMUNE_ZONE = /^fr:commune:([0-9AB]{5})(@.*)?$/;

export function datasetFromDatagouv(d: Dataset): DatasetModel {
  return {
    id: d.id,
    slug: d.slug,
    title: d.title,
    description: d.description ?? null,
    url: d.page ?? null,
    organization: d.organization ? { id: d.organization.id, name: d.organization.name, slug: d.organization.slug ?? null } : null,
    // A dataset is published by an organization or, without one, by its owner in their own name.
    ownerId: d.organization ? null : (d.owner?.id ?? null),
    tags: d.tags,
    license: d.license ?? null,
    frequency: d.frequency ?? null,
    lastModified: d.last_modified ?? d.last_update ?? null,
    resources: d.resources.map((r) => ({ id: r.id, title: r.title ?? null, format: r.format ?? null, url: r.url })),
    // A zone of a former commune lands in today's commune (two former ones may share it).
    communeCodes: [
      ...new Set((d.spatial?.zones ?? []).flatMap((zone) => COMMUNE_ZONE.exec(zone)?.[1] ?? []).map((c) => currentCommuneCode(c))),
    ],
  };
}

export function discussionFromDatagouv(d: z.infer<typeof discussionSchema>): DiscussionModel {
  return {
    id: d.id,
    title: d.title,
    createdAt: d.created,
    closedAt: d.closed ?? null,
    messages: d.discussion.map((m) => ({
      content: m.content,
      postedOn: m.posted_on,
      author: [m.posted_by?.first_name, m.posted_by?.last_name].filter(Boolean).join(' ') || null,
    })),
  };
}
