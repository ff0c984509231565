/** Lower-case ASCII form of a French name, for accent- and case-insensitive matching. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** URL slug of a name, in the style of data·inclusion and the Marché (`cote-d-or`). */
export function slugify(name: string): string {
  return foldName(name).replace(/ /g, '-');
}
