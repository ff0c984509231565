import type { User } from '../../sources/datagouv/schemas.js';
import type { UserModel } from './models.js';

/** A data.gouv.fr user (the full answer or a reference: both carry these fields). */
export function userFromDatagouv(u: User): UserModel {
  return {
    id: u.id,
    slug: u.slug ?? null,
    firstName: u.first_name ?? null,
    lastName: u.last_name ?? null,
    avatarUrl: u.avatar ?? null,
    url: u.page ?? null,
  };
}
