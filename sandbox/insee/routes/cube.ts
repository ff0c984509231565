import type { FastifyInstance } from 'fastify';
import { DATASETS } from '../catalogue.js';
import { cubeCells, cubeCoversZone } from '../cells.js';
import { fail, NO_CELL, NO_ZONE, toJson, toXml, wantsJson, type CubeResponse } from '../render.js';
import { resolveZone } from '../zones.js';

/**
 * `/donnees-locales/donnees/geo-<croisement>@<dataset>/<level>-<code>.<modalities>`: one cube for
 * one zone, each variable's modalities listed (`+`) or `all`.
 */
export function registerCubeRoute(app: FastifyInstance): void {
  const datasets = new Map(DATASETS.map((d) => [d.code, d]));

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
}
