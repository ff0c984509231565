import { describe, expect, it } from 'vitest';
import { sandboxWorld } from '../../sandbox/world.js';
import { userFromDatagouv } from '../../src/modules/dataset/from-datagouv-user.js';
import { userSchema } from '../../src/sources/datagouv/schemas.js';
import { example, examplesAvailable, shapeDifferences } from '../helpers/examples.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * data.gouv.fr users against the recordings (examples/datagouv, read in place). No recording is
 * a user's own page, but discussions (author, message authors) and an organization (its members)
 * embed udata's user reference, which carries every field a User reads: our mapping reads them,
 * and the sandbox's references and user pages have the recorded shape.
 */

const SOURCE = 'datagouv';
const discussions = () => example(SOURCE, 'discussions.page.200.for-dataset.2024-07.json');
const organization = () => example(SOURCE, 'organization.200.data-gouv-fr.2025-08.json');

/** Every user reference the recordings hold. */
function recordedUserRefs(): any[] {
  const threads = discussions().data as any[];
  return [
    ...threads.map((t) => t.user),
    ...threads.flatMap((t) => t.discussion.map((m: any) => m.posted_by)),
    ...(organization().members as any[]).map((m) => m.user),
  ];
}

const AVATARS = ['avatar', 'avatar_thumbnail'];

describe.skipIf(!examplesAvailable)('data.gouv.fr users against the recordings', () => {
  const sandbox = useSandbox();
  const dg = (path: string) => getJson(`${sandbox().urls.datagouv}${path}`);

  it('the client reads every recorded user reference to its id, slug, names, avatar and page', () => {
    const refs = recordedUserRefs();
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) {
      expect(userFromDatagouv(userSchema.parse(ref))).toEqual({
        id: ref.id,
        slug: ref.slug,
        firstName: ref.first_name,
        lastName: ref.last_name,
        avatarUrl: ref.avatar,
        url: ref.page,
      });
    }
    const member = organization().members[0].user;
    expect(userFromDatagouv(userSchema.parse(member))).toMatchObject({
      firstName: 'Jean',
      lastName: 'Dupont',
      avatarUrl: expect.stringMatching(/^https:\/\/static\.data\.gouv\.fr\/avatars\/.+-original\.png$/),
    });
  });

  it('the sandbox’s dataset owner is a user reference in the recorded shape', async () => {
    const owned = sandboxWorld().datagouv.datasets.find((d) => d.ownerId && !d.deleted && !d.private)!;
    const answer = await dg(`/api/1/datasets/${owned.id}/`);
    expect(answer.status).toBe(200);
    expect(shapeDifferences(discussions().data[0].user, answer.body.owner, AVATARS)).toEqual([]);
  });

  it('the sandbox’s user page: the member reference’s fields but `class`, with the full user’s own', async () => {
    const world = sandboxWorld().datagouv;
    const user = world.users.find((u) => u.active && u.avatar && world.datasets.some((d) => d.ownerId === u.id))!;
    const answer = await dg(`/api/1/users/${user.id}/`);
    expect(answer.status).toBe(200);
    // A member's reference adds `email` (masked) and `last_login_at` to the reference; a user's
    // page gives them too (null to anyone but the user and administrators), without `class`.
    const nullable = [...AVATARS, 'email', 'last_login_at'];
    expect(shapeDifferences(organization().members[0].user, answer.body, nullable).sort()).toEqual(
      [
        'class: missing',
        'about: not in the recording',
        'active: not in the recording',
        'metrics: not in the recording',
        'organizations: not in the recording',
        'roles: not in the recording',
        'since: not in the recording',
        'website: not in the recording',
      ].sort(),
    );
  });
});
