import type { StatRow, Stats } from './world.js';

// Rows as the server serialises them: JSON objects, the SVG widget, CSV exports.

export const EMPTY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

export function errorWidget(message: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="60"><text x="10" y="35">${message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text></svg>`;
}

/** The InserJeunes widget: the main rates as bars. */
export function widget(row: Record<string, unknown>, direction: string): string {
  const rates = [
    ['En emploi 6 mois', row.taux_en_emploi_6_mois],
    ['En formation', row.taux_en_formation],
    ['Autres', row.taux_autres_6_mois],
  ] as const;
  const bars = rates
    .map(([label, value], i) => {
      const [x, y] = direction === 'horizontal' ? [10 + i * 110, 20] : [10, 20 + i * 30];
      return `<text x="${x}" y="${y}">${label} : ${value ?? '–'} %</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="340" height="110">${bars}</svg>`;
}

const SMALL_COHORT = "Les taux ne peuvent pas être affichés car il n'y a pas assez d'élèves pour fournir une information fiable.";

/** A row as the API serialises it; `_meta` on lists only when it carries a message. */
export function render(row: StatRow, meta?: { titre: string; details: string }): Record<string, unknown> {
  const { stats, ...identity } = row;
  // A row without nb_annee_term (a non-final year) is left alone, as the server's rule does.
  const students = stats.nb_annee_term;
  const messages = typeof students === 'number' && students < 20 ? [SMALL_COHORT] : [];
  const out: Record<string, unknown> = {
    ...identity,
    formation_fermee: false,
    donnee_source: { code_certification: row.code_certification, type: 'self' },
    ...stats,
  };
  if (meta) out._meta = { ...(messages.length ? { messages } : {}), ...meta };
  else if (messages.length) out._meta = { messages };
  return out;
}

export function sumStats(rows: StatRow[]): Stats {
  const sums: Record<string, number> = {};
  for (const row of rows)
    for (const [key, value] of Object.entries(row.stats)) if (key.startsWith('nb_') && value !== null) sums[key] = (sums[key] ?? 0) + value;
  const students = sums.nb_annee_term ?? 0;
  const stats: Stats = { ...sums };
  if (students > 0) {
    for (const months of [6, 12, 18, 24])
      stats[`taux_en_emploi_${months}_mois`] = Math.round((100 * (sums[`nb_en_emploi_${months}_mois`] ?? 0)) / students);
    stats.taux_en_formation = Math.round((100 * (sums.nb_poursuite_etudes ?? 0)) / students);
  }
  return stats;
}

export function toCsv(rows: Record<string, unknown>[], identity: string[]): string {
  const statKeys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => /^(nb|taux|salaire)_/.test(k))))].sort();
  const columns = [...identity, ...statKeys];
  const cell = (v: unknown) => (v === null ? 'null' : v === undefined ? '' : String(v));
  return [columns.join(';'), ...rows.map((r) => columns.map((c) => cell(r[c])).join(';'))].join('\n') + '\n';
}
