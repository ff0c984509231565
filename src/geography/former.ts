import type { RawCommune } from './raw.js';
import type { FormerCommune } from './types.js';

/**
 * The former communes of the package, each with the current commune it now belongs to: the
 * delegated and associated communes it lists by name (`chefLieu` names their commune), then
 * the codes it lists only in a current commune's `anciensCodes` (older mergers that kept no
 * status). A code listed both ways is kept once, with its name.
 */
export function formerCommunesOf(raw: readonly RawCommune[]): FormerCommune[] {
  const former: FormerCommune[] = [];
  const named = new Set<string>();
  for (const c of raw) {
    if ((c.type !== 'commune-deleguee' && c.type !== 'commune-associee') || !c.chefLieu) continue;
    former.push({ code: c.code, name: c.nom, kind: c.type === 'commune-deleguee' ? 'deleguee' : 'associee', currentCode: c.chefLieu });
    named.add(`${c.chefLieu}:${c.code}`);
  }
  for (const c of raw) {
    if (c.type !== 'commune-actuelle') continue;
    for (const code of c.anciensCodes ?? []) {
      if (!named.has(`${c.code}:${code}`)) former.push({ code, name: undefined, kind: 'fusionnee', currentCode: c.code });
    }
  }
  return former;
}
