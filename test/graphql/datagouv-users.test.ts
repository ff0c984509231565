import { afterEach, describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { useSandbox } from '../helpers/sandbox.js';
import { startServer, type TestServer } from '../helpers/server.js';

/*
 * data.gouv.fr users over real HTTP: `user(id:)`, a dataset's `owner`, a user's and an
 * organization's datasets, and the User entity, against the sandbox's users (people publishing
 * in their own name, one deleted account whose datasets remain).
 */

const sandbox = useSandbox();
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fresh server each time: a cold cache, so that every call it needs reaches the sandbox. */
async function serve(): Promise<TestServer> {
  server = await startServer(sandbox());
  return server;
}

const world = () => sandboxWorld().datagouv;
const live = () => world().users.filter((u) => u.active && u.slug !== 'utilisatrice-sandbox');
const deletedUser = () => world().users.find((u) => u.deleted)!;
const visible = () => world().datasets.filter((d) => !d.deleted && !d.private);
const ownedBy = (id: string) => visible().filter((d) => d.ownerId === id);
const userCalls = () =>
  sandbox()
    .controls.requests('datagouv')
    .filter((r) => r.path.startsWith('/api/1/users/'))
    .map((r) => r.path);

const USER_FIELDS = 'id slug firstName lastName avatarUrl url';

describe('user(id:)', () => {
  it('answers a user by id and by slug, with their datasets newest first', async () => {
    const s = await serve();
    const camille = live().find((u) => u.avatar !== null && ownedBy(u.id).length >= 2)!;
    const { body } = await s.graphql(
      `query($id: ID!, $slug: ID!) {
        byId: user(id: $id) { ${USER_FIELDS} datasets(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { id owner { id } organization { id } } } }
        bySlug: user(id: $slug) { id }
      }`,
      { id: camille.id, slug: camille.slug },
    );
    expect(body.errors).toBeUndefined();
    const owned = ownedBy(camille.id);
    expect(body.data.byId).toMatchObject({
      id: camille.id,
      slug: camille.slug,
      firstName: camille.first_name,
      lastName: camille.last_name,
      avatarUrl: `${camille.avatar}-original.png`,
      url: `https://www.data.gouv.fr/users/${camille.slug}/`,
      datasets: {
        totalCount: owned.length,
        pageInfo: { hasNextPage: true },
        nodes: [{ id: owned[0]!.id, owner: { id: camille.id }, organization: null }],
      },
    });
    expect(body.data.bySlug).toEqual({ id: camille.id });
    const { body: next } = await s.graphql(
      'query($id: ID!, $after: String) { user(id: $id) { datasets(first: 1, after: $after) { nodes { id } } } }',
      {
        id: camille.id,
        after: body.data.byId.datasets.pageInfo.endCursor,
      },
    );
    expect(next.data.user.datasets.nodes).toEqual([{ id: owned[1]!.id }]);
    expect(
      sandbox()
        .controls.requests('datagouv')
        .some((r) => r.path === '/api/1/datasets/' && r.query.includes(`owner=${camille.id}`)),
    ).toBe(true);
  });

  it('a deleted account and an unknown id read as null, with no error', async () => {
    const s = await serve();
    const { body } = await s.graphql(
      'query($a: ID!, $b: ID!, $c: ID!) { a: user(id: $a) { id } b: user(id: $b) { id } c: user(id: $c) { id } }',
      {
        a: deletedUser().id,
        b: 'deleted',
        c: 'ffffffffffffffffffffffff',
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ a: null, b: null, c: null });
    expect(userCalls()).toHaveLength(3);
  });

  it('refuses a malformed id before any call', async () => {
    const s = await serve();
    const { status, body } = await s.graphql('{ user(id: "../datasets") { id } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.errors?.[0]?.message).toMatch(/data\.gouv\.fr user id/);
    expect(sandbox().controls.requests('datagouv')).toEqual([]);
  });
});

describe('Dataset.owner', () => {
  it('is the user who publishes a dataset in their own name, one call per distinct user, null for a deleted one', async () => {
    const s = await serve();
    const gone = ownedBy(deletedUser().id)[0]!;
    const commune = gone.spatial!.zones[0]!.replace('fr:commune:', '');
    const inCommune = visible().filter((d) => d.spatial?.zones.includes(`fr:commune:${commune}`));
    const owners = new Set(inCommune.map((d) => d.ownerId));
    // Several datasets of one owner, and several owners, the deleted one among them.
    expect(inCommune.length).toBeGreaterThan(owners.size);
    expect(owners.size).toBeGreaterThanOrEqual(3);
    const { body } = await s.graphql(
      'query($code: ID!) { commune(code: $code) { datasets(first: 20) { totalCount nodes { id owner { id firstName } } } } }',
      { code: commune },
    );
    expect(body.errors).toBeUndefined();
    const nodes = body.data.commune.datasets.nodes as { id: string; owner: { id: string; firstName: string } | null }[];
    expect(nodes.map((n) => n.id).sort()).toEqual(inCommune.map((d) => d.id).sort());
    for (const node of nodes) {
      const ownerId = inCommune.find((d) => d.id === node.id)!.ownerId!;
      const owner = world().userById.get(ownerId)!;
      expect(node.owner).toEqual(owner.deleted ? null : { id: owner.id, firstName: owner.first_name });
    }
    expect(userCalls().sort()).toEqual([...owners].map((id) => `/api/1/users/${id}/`).sort());
  });

  it('is null, with no call, for a dataset an organization publishes', async () => {
    const s = await serve();
    const published = visible().find((d) => d.organizationId)!;
    const { body } = await s.graphql('query($id: ID!) { dataset(id: $id) { owner { id } organization { id } } }', { id: published.id });
    expect(body.errors).toBeUndefined();
    expect(body.data.dataset).toEqual({ owner: null, organization: { id: published.organizationId } });
    expect(userCalls()).toEqual([]);
  });
});

describe('Organization.datasets', () => {
  it('lists the organization’s public datasets, page by page', async () => {
    const s = await serve();
    const organization = world().organizations.find((o) => !o.deleted && visible().filter((d) => d.organizationId === o.id).length >= 3)!;
    const theirs = visible().filter((d) => d.organizationId === organization.id);
    const query = `query($id: ID!, $after: String) {
      dataset(id: $id) { organization { id datasets(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } } }
    }`;
    const first = await s.graphql(query, { id: theirs[0]!.id });
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data.dataset.organization.datasets;
    expect(page).toMatchObject({
      totalCount: theirs.length,
      pageInfo: { hasNextPage: true },
      nodes: theirs.slice(0, 2).map((d) => ({ id: d.id })),
    });
    const second = await s.graphql(query, { id: theirs[0]!.id, after: page.pageInfo.endCursor });
    expect(second.body.data.dataset.organization.datasets.nodes).toEqual(theirs.slice(2, 4).map((d) => ({ id: d.id })));
  });
});

describe('the User entity', () => {
  it('resolves representations by id or slug, null for a deleted account', async () => {
    const s = await serve();
    const [a, b] = live();
    const { body } = await s.graphql('query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id lastName } } }', {
      r: [
        { __typename: 'User', id: a!.id },
        { __typename: 'User', id: b!.slug },
        { __typename: 'User', id: deletedUser().id },
      ],
    });
    expect(body.errors).toBeUndefined();
    expect(body.data._entities).toEqual([{ id: a!.id, lastName: a!.last_name }, { id: b!.id, lastName: b!.last_name }, null]);
  });

  it('refuses a malformed key before any call', async () => {
    const s = await serve();
    const { status, body } = await s.graphql('query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
      r: [{ __typename: 'User', id: 'a/../b' }],
    });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/User\.id/);
    expect(sandbox().controls.requests('datagouv')).toEqual([]);
  });
});
