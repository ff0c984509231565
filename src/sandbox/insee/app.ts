import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxControls } from '../controls.js';
import { createSimulatorApp } from '../http/app.js';
import { DATASETS, type CubeDef, type DatasetDef } from './catalogue.js';
import { cubeCells, cubeCoversZone, type Cell } from './cells.js';
import { resolveZone, type Zone } from './zones.js';

export interface InseeOptions {
  /** Requests allowed per client address in any rolling window (the real gateway: 30 a minute). */
  quota: { limit: number; windowMs: number };
}

const NO_CELL = 'Aucune cellule ne correspond a la requête';
const NO_ZONE = 'Aucune zone ne correspond à la requête';

function rateLimitBody(quota: InseeOptions['quota']): string {
  const period = quota.windowMs % 60_000 === 0 ? `${quota.windowMs / 60_000} minutes` : `${quota.windowMs / 1000} seconds`;
  return JSON.stringify({
    message: `Rate limit exceeded ! You reach the limit of ${quota.limit} requests per ${period}`,
    http_status_code: 429,
  });
}

/** A sliding one-minute window of request times per client address. */
class RollingWindow {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a request unless the client is over its quota. */
  admit(client: string, now = Date.now()): boolean {
    const recent = (this.times.get(client) ?? []).filter((t) => now - t < this.windowMs);
    const admitted = recent.length < this.limit;
    if (admitted) recent.push(now);
    this.times.set(client, recent);
    return admitted;
  }

  clear(): void {
    this.times.clear();
  }
}

function wantsJson(accept: string | undefined): boolean {
  return (accept ?? '').toLowerCase().includes('application/json');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface CubeResponse {
  dataset: DatasetDef;
  croisement: string;
  cube: CubeDef;
  zone: Zone;
  selections: string[][];
  cells: Cell[];
}

/** Generation 2 JSON: plain keys, arrays even for one element, `Valeur` as strings. */
function toJson(r: CubeResponse): unknown {
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
function toXml(r: CubeResponse): string {
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

export function createInseeApp(controls: SandboxControls, options: InseeOptions): FastifyInstance & { resetQuota(): void } {
  const app = createSimulatorApp('insee', controls, {
    status: (status) => ({
      contentType: 'application/json;charset=utf-8',
      body: JSON.stringify({ message: status >= 500 ? 'Internal Server Error' : 'Erreur', http_status_code: status }),
    }),
    rateLimited: () => ({ contentType: 'application/json;charset=utf-8', body: rateLimitBody(options.quota) }),
  });
  const window = new RollingWindow(options.quota.limit, options.quota.windowMs);
  const datasets = new Map(DATASETS.map((d) => [d.code, d]));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-gravitee-transaction-id', randomUUID());
    if (!window.admit(request.ip)) {
      return reply.code(429).type('application/json;charset=utf-8').send(rateLimitBody(options.quota));
    }
    return undefined;
  });

  function fail(reply: FastifyReply, status: number, message: string, json: boolean): FastifyReply {
    return json
      ? reply.code(status).type('application/json;charset=utf-8').send(JSON.stringify({ message }))
      : reply
          .code(status)
          .type('application/xml;charset=utf-8')
          .send(`<?xml version="1.0" encoding="UTF-8"?><Erreur><Message>${escapeXml(message)}</Message></Erreur>`);
  }

  app.get('/donnees-locales/donnees/:cube/:zone', async (request, reply) => {
    const json = wantsJson(request.headers.accept);
    const { cube: cubeSegment, zone: zoneSegment } = request.params as { cube: string; zone: string };
    const cubeMatch = /^geo-([A-Za-z0-9_-]+)@([A-Za-z0-9_]+)$/i.exec(cubeSegment);
    const zoneMatch = /^([A-Za-z0-9]+)-([A-Za-z0-9]+)((?:\.[A-Za-z0-9_+]+)+)$/.exec(zoneSegment);
    if (!cubeMatch || !zoneMatch) return fail(reply, 400, 'Paramètre(s) de la requête incorrect(s)', json);
    const croisement = cubeMatch[1]!.toUpperCase();
    const dataset = datasets.get(cubeMatch[2]!.toUpperCase());
    const cube = dataset?.cubes[croisement];
    const segments = zoneMatch[3]!.slice(1).split('.');
    if (cube && segments.length !== cube.variables.length) return fail(reply, 400, 'Paramètre(s) de la requête incorrect(s)', json);
    const zone = resolveZone(zoneMatch[1]!.toUpperCase(), zoneMatch[2]!.toUpperCase());
    if (!zone) return fail(reply, 404, NO_ZONE, json);
    if (!dataset || !cube || !cubeCoversZone(cube, zone)) return fail(reply, 404, NO_CELL, json);

    const selections: string[][] = [];
    for (const [i, segment] of segments.entries()) {
      const variable = cube.variables[i]!;
      // `ENS` first where the variable has it; an indicator's only modality is `1`, never `ENS`.
      const known = variable.hasTotal ? ['ENS', ...variable.modalities] : variable.modalities;
      const codes = segment.toLowerCase() === 'all' ? known : segment.split('+').map((code) => code.toUpperCase());
      if (codes.some((code) => !known.includes(code))) return fail(reply, 404, NO_CELL, json);
      selections.push(codes);
    }
    const response: CubeResponse = {
      dataset,
      croisement,
      cube,
      zone,
      selections,
      cells: cubeCells(dataset, croisement, cube, zone, selections),
    };
    return json
      ? reply.type('application/json;charset=utf-8').send(JSON.stringify(toJson(response)))
      : reply.type('application/xml;charset=utf-8').send(toXml(response));
  });

  app.setNotFoundHandler(async (request, reply) => fail(reply, 404, NO_ZONE, wantsJson(request.headers.accept)));

  return Object.assign(app, { resetQuota: () => window.clear() });
}
