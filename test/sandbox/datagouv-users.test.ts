import { describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * The data.gouv.fr simulator's users, as udata answers them: one user by id or slug, 410 for a
 * deleted (inactive) account, datasets filtered by `owner`, and each dataset's `owner` reference.
 */

const sandbox = useSandbox();
const dg = (path: string) => getJson(`${sandbox().urls.datagouv}${path}`);
const world = () => sandboxWorld().datagouv;
const publishers = () => world().users.filter((u) => world().datasets.some((d) => d.ownerId === u.id));

describe('data.gouv.fr simulator: users', () => {
  it('seeds users beside organizations, some publishing datasets in their own name, one of them deleted', () => {
    expect(publishers().filter((u) => u.active).length).toBeGreaterThanOrEqual(3);
    expect(publishers().filter((u) => u.deleted && !u.active)).toHaveLength(1);
    for (const d of world().datasets.filter((d) => d.ownerId)) expect(d.organizationId).toBeNull();
  });

  it('serves a user by id or slug, with the count of their public datasets and no email', async () => {
    const user = publishers().find((u) => u.active && u.avatar)!;
    const byId = await dg(`/api/1/users/${user.id}/`);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({
      id: user.id,
      slug: user.slug,
      first_name: user.first_name,
      last_name: user.last_name,
      avatar: `${user.avatar}-original.png`,
      avatar_thumbnail: `${user.avatar}-500.png`,
      email: null,
      active: true,
      page: `https://www.data.gouv.fr/users/${user.slug}/`,
      uri: `https://www.data.gouv.fr/api/1/users/${user.slug}/`,
      metrics: { datasets: world().datasets.filter((d) => d.ownerId === user.id && !d.deleted).length },
    });
    expect(byId.body).not.toHaveProperty('class');
    expect((await dg(`/api/1/users/${user.slug}/`)).body).toEqual(byId.body);
  });

  it('answers 410 for a deleted account, by id or by its anonymised slug, and 404 for an unknown one', async () => {
    const gone = world().users.find((u) => u.deleted)!;
    for (const key of [gone.id, 'deleted']) {
      const answer = await dg(`/api/1/users/${key}/`);
      expect(answer.status).toBe(410);
      expect(answer.body).toEqual({ message: 'User is not active' });
    }
    const unknown = await dg('/api/1/users/ffffffffffffffffffffffff/');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/^The requested URL was not found on the server/);
  });

  it('filters datasets by owner id (400 for a slug), each with its owner’s reference and no organization', async () => {
    const user = publishers().find((u) => u.active)!;
    const page = await dg(`/api/1/datasets/?owner=${user.id}`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(world().datasets.filter((d) => d.ownerId === user.id && !d.deleted && !d.private).length);
    expect(page.body.total).toBeGreaterThan(0);
    for (const d of page.body.data) {
      expect(d.organization).toBeNull();
      expect(d.owner).toMatchObject({ class: 'User', id: user.id, slug: user.slug, first_name: user.first_name });
    }
    expect((await dg(`/api/1/datasets/?owner=${user.slug}`)).body).toEqual({ message: 'Owner arg must be an identifier' });
  });

  it('keeps a deleted account’s datasets, under its anonymised reference', async () => {
    const gone = world().users.find((u) => u.deleted)!;
    const theirs = world().datasets.find((d) => d.ownerId === gone.id)!;
    const answer = await dg(`/api/1/datasets/${theirs.id}/`);
    expect(answer.status).toBe(200);
    expect(answer.body.owner).toMatchObject({ id: gone.id, slug: 'deleted', first_name: 'DELETED', last_name: 'DELETED', avatar: null });
  });
});
