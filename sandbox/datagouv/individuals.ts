import { geography, type Commune } from '../product.js';
import type { DatagouvWorldBuilder } from './builder.js';
import { SANDBOX_USER } from './render.js';
import type { User } from './world.js';

/*
 * People who publish datasets in their own name, without an organization (udata's dataset
 * `owner`), and the account of the sandbox's API keys. One account was deleted: udata keeps
 * a deleted user's datasets, anonymises the account (names `DELETED`, slug `deleted`, no
 * avatar) and answers 410 for it.
 */

/** What people publish about their town; `{place}` is the commune's name. */
const TEMPLATES = [
  { title: 'Boîtes à livres de {place}', tags: ['boites-a-livres', 'culture'], format: 'csv', frequency: 'irregular' },
  { title: 'Composteurs partagés de {place}', tags: ['compost', 'dechets'], format: 'geojson', frequency: 'irregular' },
  {
    title: 'Relevés citoyens de la qualité de l’air à {place}',
    tags: ['qualite-de-l-air', 'capteurs'],
    format: 'csv',
    frequency: 'monthly',
  },
  {
    title: 'Permanences associatives d’aide à l’emploi à {place}',
    tags: ['insertion', 'associations'],
    format: 'csv',
    frequency: 'monthly',
  },
  { title: 'Arbres remarquables de {place}', tags: ['arbres', 'patrimoine-naturel'], format: 'geojson', frequency: 'annual' },
] as const;

/** Two towns of Loire-Atlantique that no organization's dataset covers (so their lists are these people's). */
function towns(builder: DatagouvWorldBuilder): [Commune, Commune] {
  const covered = new Set(builder.datasets.flatMap((d) => d.spatial?.zones ?? []));
  const candidates = geography()
    .communes.filter((c) => c.departmentCode === '44' && c.kind === 'commune' && c.formerCodes.length === 0)
    .filter((c) => (c.population ?? 0) >= 5_000 && (c.population ?? 0) < 20_000 && !covered.has(`fr:commune:${c.code}`))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  return [candidates[0]!, candidates[1]!];
}

export function individualPublishers(builder: DatagouvWorldBuilder): void {
  sandboxAccount(builder);
  const [first, second] = towns(builder);
  const publish = (owner: User, template: number, place: Commune) => {
    const { title, tags, format, frequency } = TEMPLATES[template]!;
    builder.dataset({
      key: `user:${owner.id}:${template}:${place.code}`,
      title: title.replace('{place}', place.name),
      tags: [...tags],
      format,
      frequency,
      zones: [`fr:commune:${place.code}`],
      granularity: 'fr:commune',
      org: null,
      owner,
      // Older than the organizations' newest datasets, and without discussions, so that the
      // first pages of the lists stay as they were.
      createdBetween: ['2017-01-01', '2019-12-31'],
      discussed: false,
    });
  };
  const camille = builder.user('Camille', 'Lefebvre', 'camille-lefebvre', true);
  publish(camille, 0, first);
  publish(camille, 1, first);
  const yann = builder.user('Yann', 'Le Goff', 'yann-le-goff', false);
  publish(yann, 2, first);
  publish(yann, 2, second);
  const sophie = builder.user('Sophie', 'Moreau', 'sophie-moreau', true);
  publish(sophie, 3, second);
  publish(sophie, 4, second);
  const gone = builder.user('Julien', 'Perrin', 'julien-perrin', true);
  publish(gone, 4, first);
  deleteAccount(gone);
}

/** The account every API key of the sandbox belongs to: it owns the datasets created through the API. */
function sandboxAccount(builder: DatagouvWorldBuilder): void {
  const user = builder.user(SANDBOX_USER.first_name, SANDBOX_USER.last_name, 'sandbox', false);
  Object.assign(user, { id: SANDBOX_USER.id, slug: SANDBOX_USER.slug, website: null, about: '', since: '2020-01-01T00:00:00+00:00' });
}

/** What udata's `User.mark_as_deleted` leaves of an account. */
function deleteAccount(user: User): void {
  Object.assign(user, {
    slug: 'deleted',
    first_name: 'DELETED',
    last_name: 'DELETED',
    avatar: null,
    website: null,
    about: null,
    active: false,
    deleted: '2024-11-04T16:20:00.000000',
  });
}
