import type { FastifyReply } from 'fastify';
import type { CubeDef, DatasetDef } from './catalogue.js';
import type { Cell } from './cells.js';
import type { Zone } from './zones.js';

/*
 * Données locales' answers: generation 2 JSON when asked for, XML otherwise, for cubes and errors.
 */

export const NO_CELL = 'Aucune cellule ne correspond a la requête';
export const NO_ZONE = 'Aucune zone ne correspond à la requête';

/** Whether the `Accept` header asks for JSON (anything else gets XML). */
export function wantsJson(accept: string | undefined): boolean {
  return (accept ?? '').toLowerCase().includes('application/json');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What a cube answer carries: the cube asked, the zone, the modalities selected per variable, the cells. */
export interface CubeResponse {
  dataset: DatasetDef;
  croisement: string;
  cube: CubeDef;
  zone: Zone;
  selections: string[][];
  cells: Cell[];
}

/** Generation 2 JSON: plain keys, arrays even for one element, `Valeur` as strings. */
export function toJson(r: CubeResponse): unknown {
  const zoneRef = { codgeo: r.zone.codgeo, nivgeo: r.zone.nivgeo };
  const variables = r.cube.variables
    .map((variable, i) => ({
      code: variable.code,
      Libelle: variable.label,
      Modalite: r.selections[i]!.map((code) => ({ code, variable: '' })),
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  return {
    Croisement: {
      Filtre: '',
      JeuDonnees: { code: r.dataset.code, Libelle: r.dataset.label, Annee: r.dataset.year, Source: r.dataset.source },
      Groupe: { value: r.cube.group.label, code: r.cube.group.code },
    },
    Zone: [{ ...zoneRef, Evenement: [] }],
    Variable: variables,
    Cellule: r.cells.map((cell) => ({
      Zone: { ...zoneRef, Evenement: [] },
      Mesure: { value: cell.measure.label, code: cell.measure.code },
      Modalite: cell.modalities.map((code, i) => ({ code, variable: r.cube.variables[i]!.code })),
      Valeur: cell.valeur,
    })),
  };
}

/** The XML the API sends when JSON is not asked for: codes as attributes, labels as text. */
export function toXml(r: CubeResponse): string {
  const zone = `<Zone codgeo="${r.zone.codgeo}" nivgeo="${r.zone.nivgeo}"/>`;
  const variables = r.cube.variables
    .map(
      (variable, i) =>
        `<Variable code="${variable.code}"><Libelle>${escapeXml(variable.label)}</Libelle>${r.selections[i]!.map((code) => `<Modalite code="${code}" variable=""/>`).join('')}</Variable>`,
    )
    .join('');
  const cells = r.cells
    .map(
      (cell) =>
        `<Cellule>${zone}<Mesure code="${cell.measure.code}">${escapeXml(cell.measure.label)}</Mesure>${cell.modalities.map((code, i) => `<Modalite code="${code}" variable="${r.cube.variables[i]!.code}"/>`).join('')}<Valeur>${cell.valeur}</Valeur></Cellule>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Donnees><Croisement><Filtre/><JeuDonnees code="${r.dataset.code}"><Libelle>${escapeXml(r.dataset.label)}</Libelle><Annee>${r.dataset.year}</Annee><Source>${escapeXml(r.dataset.source)}</Source></JeuDonnees><Groupe code="${r.cube.group.code}">${escapeXml(r.cube.group.label)}</Groupe></Croisement>${zone}${variables}${cells}</Donnees>`;
}

/** An error in the format asked for. */
export function fail(reply: FastifyReply, status: number, message: string, json: boolean): FastifyReply {
  return json
    ? reply.code(status).type('application/json;charset=utf-8').send(JSON.stringify({ message }))
    : reply
        .code(status)
        .type('application/xml;charset=utf-8')
        .send(`<?xml version="1.0" encoding="UTF-8"?><Erreur><Message>${escapeXml(message)}</Message></Erreur>`);
}
