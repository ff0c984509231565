import { describe, expect, it } from 'vitest';
import { geography } from '../../../src/geography/index.js';
import { SOURCE_NAMES, type SourceName } from '../../../src/sources/names.js';
import { sandboxWorld } from '../../../sandbox/world.js';
import { getJson, useSandbox } from '../../helpers/sandbox.js';
import { startInProcess, useInProcess } from '../../helpers/operation.js';
import { example } from '../../helpers/server.js';

const sandbox = useSandbox();

/** Upstream requests by source since the last reset. */
function calls(): Record<SourceName, number> {
  return Object.fromEntries(SOURCE_NAMES.map((s) => [s, sandbox().controls.count(s)])) as Record<SourceName, number>;
}

/** Runs a query on a fresh server (cold caches), then again (warm), counting upstream requests each time. */
async function coldThenWarm(name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const server = await startInProcess(sandbox());
  try {
    sandbox().controls.resetCounters();
    const cold = await server.graphql(example(name), variables, headers);
    const coldCalls = calls();
    sandbox().controls.resetCounters();
    const warm = await server.graphql(example(name), variables, headers);
    return { cold, warm, coldCalls, warmCalls: calls() };
  } finally {
    await server.close();
  }
}

const none = { insee: 0, melodi: 0, 'data-inclusion': 0, lemarche: 0, inserjeunes: 0, datagouv: 0 };

/** A SIRET that data·inclusion and the Marché both know. */
function sharedSiret(): string {
  const marche = new Set(sandboxWorld().marche.siaes.map((s) => s.siret));
  return sandboxWorld().dataInclusion.structures.find(
    (r) => r.structure.siret && r.structure.code_insee?.startsWith('44') && marche.has(r.structure.siret),
  )!.structure.siret!;
}

describe('the contract’s client queries, one upstream request per distinct resource', () => {
  it('commune-dashboard: eight resources cold (each source in parallel), none warm', async () => {
    const { cold, warm, coldCalls, warmCalls } = await coldThenWarm('commune-dashboard', { code: '44109' });
    expect(cold.body.errors).toBeUndefined();
    // InserJeunes: the Omogen token (once per process while it lasts), then the figures.
    // Melodi: the catalogue (the legal populations' vintage), then the department's communes.
    expect(coldCalls).toEqual({ insee: 1, melodi: 1 + 1, 'data-inclusion': 2, lemarche: 1, inserjeunes: 1 + 1, datagouv: 1 });
    expect(warm.body).toEqual(cold.body);
    expect(warmCalls).toEqual(none);

    const commune = cold.body.data.commune;
    const nantes = geography().commune('44109')!;
    expect(commune).toMatchObject({
      code: '44109',
      name: 'Nantes',
      population: nantes.population,
      department: { code: '44', name: 'Loire-Atlantique' },
      region: { code: '52' },
    });
    expect(commune.epci.name).toBe(geography().epci(nantes.epciCode!)!.name);
    const pop = commune.stats.legalPopulation;
    // Melodi's latest legal populations, the release the embedded geography carries too.
    const catalog = await getJson(`${sandbox().env.MELODI_URL}/catalog/all`);
    const popref = catalog.body.find((d: { identifier: string }) => d.identifier === 'DS_POPULATIONS_REFERENCE');
    expect(pop.year).toBe(Number(popref.temporal.endPeriod.slice(0, 4)));
    expect(pop.municipal).toBe(nantes.population);
    expect(pop.total).toBe(pop.municipal + pop.countedSeparately);
    expect(commune.stats.ages).toMatchObject({ dataset: 'GEO2023RP2020', year: 2020 });
    expect(commune.stats.ages.cells).toHaveLength(24);

    const inCommune = sandboxWorld().dataInclusion.structures.filter(
      (r) => r.structure.code_insee === '44109' && r.structure.source !== 'soliguide',
    );
    expect(commune.structures.totalCount).toBeGreaterThanOrEqual(inCommune.length);
    for (const node of commune.structures.nodes) {
      expect(node.sources.includes('MARCHE')).toBe(node.siae !== null);
      if (node.sources.includes('DATA_INCLUSION')) expect(inCommune.some((r) => r.structure.id === node.id)).toBe(true);
    }
    const auth = { authorization: `Bearer ${sandbox().credentials.dataInclusionToken}` };
    const search = await getJson(
      `${sandbox().urls['data-inclusion']}/api/v1/search/services?code_commune=44109&thematiques=numerique&exclure_doublons=true&size=10`,
      auth,
    );
    expect(commune.services.totalCount).toBe(search.body.total);
    expect(commune.services.nodes.map((n: { id: string }) => n.id)).toEqual(
      search.body.items.map((i: { service: { id: string } }) => i.service.id),
    );
    const formations = await getJson(`${sandbox().urls.inserjeunes}/api/inserjeunes/formations?regions=52&items_par_page=1`, {
      'x-api-key': sandbox().credentials.inserjeunesApiKey,
    });
    expect(commune.formations.totalCount).toBe(formations.body.pagination.total);
    const datasets = await getJson(`${sandbox().urls.datagouv}/api/1/datasets/?geozone=fr:commune:44109&page_size=1`);
    expect(commune.datasets.totalCount).toBe(datasets.body.total);
  });

  it('communes-search: from the embedded geography, no upstream request', async () => {
    const { cold, coldCalls } = await coldThenWarm('communes-search', { search: 'saint-etienne' });
    expect(cold.body.errors).toBeUndefined();
    expect(coldCalls).toEqual(none);
    expect(cold.body.data.communes.nodes[0]).toMatchObject({
      code: '42218',
      name: 'Saint-Étienne',
      department: { code: '42', name: 'Loire' },
    });
    expect(cold.body.data.communes.totalCount).toBeGreaterThan(10);
  });

  it('datasets-of-commune: one request; communes come from the spatial coverage', async () => {
    const { cold, coldCalls, warmCalls } = await coldThenWarm('datasets-of-commune', { commune: '44109', query: 'budget' });
    expect(cold.body.errors).toBeUndefined();
    expect(coldCalls).toEqual({ ...none, datagouv: 1 });
    expect(warmCalls).toEqual(none);
    const node = cold.body.data.datasets.nodes[0];
    expect(node.title).toMatch(/Budget/);
    expect(node.communes).toEqual([{ code: '44109', name: 'Nantes' }]);
    expect(node.organization.name).toBe('Ville de Nantes');
    expect(node.resources.length).toBeGreaterThan(0);
  });

  it('formation-outcomes: national, regional and establishment figures in three requests', async () => {
    const { cold, coldCalls, warmCalls } = await coldThenWarm('formation-outcomes', { code: '40025214', region: '52' });
    expect(cold.body.errors).toBeUndefined();
    // The Omogen token, then the three figures.
    expect(coldCalls).toEqual({ ...none, inserjeunes: 1 + 3 });
    expect(warmCalls).toEqual(none);
    const { national, regional, establishments } = cold.body.data;
    const row = sandboxWorld().inserJeunes.national.find((r) => r.code_certification === '40025214' && r.millesime === '2024')!;
    expect(national).toMatchObject({
      code: '40025214',
      codeType: 'cfd',
      track: 'apprentissage',
      millesime: '2024',
      finalYearStudents: row.stats.nb_annee_term,
      employmentRate6Months: row.stats.taux_en_emploi_6_mois,
    });
    expect(regional).toMatchObject({ code: '40025214', region: { code: '52', name: 'Pays de la Loire' } });
    expect(establishments.totalCount).toBeGreaterThan(0);
    for (const node of establishments.nodes) expect(sandboxWorld().inserJeunes.establishments.get(node.uai)!.region.code).toBe('52');
  });

  it('services-near: one search, plus the department’s Marché list for siae', async () => {
    const { cold, coldCalls, warmCalls } = await coldThenWarm('services-near', { commune: '75056', themes: ['mobilite', 'numerique'] });
    expect(cold.body.errors).toBeUndefined();
    expect(coldCalls).toEqual({ ...none, 'data-inclusion': 1, lemarche: 1 });
    expect(warmCalls).toEqual(none);
    const nodes = cold.body.data.services.nodes;
    expect(nodes.length).toBe(20);
    const distances = nodes.map((n: { distanceKm: number | null }) => n.distanceKm ?? Infinity);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    for (const node of nodes) {
      expect(node.themes.some((t: string) => t.startsWith('mobilite--') || t.startsWith('numerique--'))).toBe(true);
      expect(node.commune.code).toMatch(/^751\d\d$/);
      expect(node.structure.id).toBeTruthy();
    }
  });

  it('structure-by-siret: both sources merged in three requests', async () => {
    const siret = sharedSiret();
    const { cold, coldCalls, warmCalls } = await coldThenWarm('structure-by-siret', { siret });
    expect(cold.body.errors).toBeUndefined();
    expect(coldCalls).toEqual({ ...none, lemarche: 1, 'data-inclusion': 2 });
    expect(warmCalls).toEqual(none);
    const structure = cold.body.data.structure;
    const record = sandboxWorld().dataInclusion.structures.find((r) => r.structure.siret === siret)!;
    expect(structure).toMatchObject({
      id: record.structure.id,
      siret,
      sources: ['DATA_INCLUSION', 'MARCHE'],
      commune: { code: record.structure.code_insee },
    });
    expect(structure.siae.kind).toBe(record.kind.siaeKind);
    expect(structure.services.totalCount).toBe(record.services.length);
  });

  it('structures-of-department: fifty rows with their links, each source asked once per thing it knows', async () => {
    const { cold, coldCalls, warmCalls } = await coldThenWarm('structures-of-department', { department: '44' });
    expect(cold.body.errors).toBeUndefined();
    // One list page, then each structure's detail for its services: data·inclusion has no list of
    // services by structure, and its department lists miss those held elsewhere or remote. The
    // communes' populations are the embedded geography's, once Melodi's catalogue says they are
    // the vintage in force: one catalogue call, no /data call.
    expect(coldCalls).toEqual({ ...none, 'data-inclusion': 1 + 50, lemarche: 1, melodi: 1 });
    expect(warmCalls).toEqual(none);
    const { structures } = cold.body.data;
    expect(structures.nodes).toHaveLength(50);
    expect(structures.pageInfo.hasNextPage).toBe(true);
    for (const node of structures.nodes.filter((n: { commune: unknown }) => n.commune)) {
      expect(node.commune.code.startsWith('44')).toBe(true);
      expect(node.commune.stats.legalPopulation.municipal).toBe(geography().commune(node.commune.code)!.population);
    }
  });

  it('create-dataset: one write with the caller’s key, never repeated from cache', async () => {
    const headers = { 'x-datagouv-api-key': sandbox().credentials.datagouvApiKey };
    const variables = {
      input: {
        title: "Offre d'insertion à Nantes",
        description: 'Structures et services.',
        tags: ['insertion', 'nantes'],
        frequency: 'weekly',
      },
    };
    const { cold, warm, coldCalls, warmCalls } = await coldThenWarm('create-dataset', variables, headers);
    expect(cold.body.errors).toBeUndefined();
    expect(cold.body.data.createDataset).toMatchObject({
      title: "Offre d'insertion à Nantes",
      tags: ['insertion', 'nantes'],
      frequency: 'weekly',
    });
    expect(warm.body.data.createDataset.id).not.toBe(cold.body.data.createDataset.id);
    expect(coldCalls).toEqual({ ...none, datagouv: 1 });
    expect(warmCalls).toEqual({ ...none, datagouv: 1 });
  });
});

describe('the same queries on other territories', () => {
  const server = useInProcess(sandbox);

  it.each(['2A004', '2B033', '97411', '97611', '75111', '75056', '13055', '69123', '01001'])(
    'commune-dashboard for %s runs without errors',
    async (code) => {
      const { body } = await server().graphql(example('commune-dashboard'), { code });
      expect(body.errors).toBeUndefined();
      const commune = body.data.commune;
      expect(commune.code).toBe(code);
      expect(commune.department.code).toBe(geography().commune(code)!.departmentCode);
      // Where Melodi publishes them (not in Mayotte in the simulated datasets), whole and consistent.
      const legal = commune.stats.legalPopulation;
      if (legal) expect(legal.total).toBe(legal.municipal + legal.countedSeparately);
      // Paris, Lyon and Marseille gather their arrondissements' structures.
      if (['75056', '13055', '69123'].includes(code)) expect(commune.structures.totalCount).toBeGreaterThan(10);
    },
  );

  it('commune-dashboard for a commune of Polynesia asks nothing of Insee, which does not cover collectivities', async () => {
    sandbox().controls.resetCounters();
    const { body } = await server().graphql(example('commune-dashboard'), { code: '98735' });
    expect(body.errors).toBeUndefined();
    expect(body.data.commune.name).toBe(geography().commune('98735')!.name);
    expect(body.data.commune.stats).toMatchObject({ legalPopulation: null, ages: null });
    expect(sandbox().controls.count('insee')).toBe(0);
    expect(sandbox().controls.count('melodi')).toBe(0);
  });

  it('merges a department once per set of options: each filter gets its own list, pages agree', async () => {
    const list = async (filter: string, first: number, after?: string) => {
      const { body } = await server().graphql(
        `query($after: String) { structures(filter: { department: "44"${filter} }, first: ${first}, after: $after) { totalCount pageInfo { endCursor } nodes { id sources siae { kind } } } }`,
        { after },
      );
      expect(body.errors).toBeUndefined();
      return body.data.structures;
    };
    const both = await list('', 100);
    const inclusion = await list(', sources: [DATA_INCLUSION]', 100);
    const marche = await list(', sources: [MARCHE]', 100);
    const aci = await list(', siaeKinds: ["ACI"]', 100);
    expect(marche.nodes.every((n: { sources: string[] }) => n.sources.includes('MARCHE'))).toBe(true);
    expect(inclusion.nodes.every((n: { sources: string[] }) => n.sources.includes('DATA_INCLUSION'))).toBe(true);
    expect(aci.nodes.every((n: { siae: { kind: string } }) => n.siae.kind === 'ACI')).toBe(true);
    expect(both.totalCount).toBeGreaterThan(inclusion.totalCount);
    expect(both.totalCount).toBeGreaterThan(aci.totalCount);
    // Asked again, and page by page, the same merged list.
    expect((await list('', 100)).totalCount).toBe(both.totalCount);
    const second = await list('', 50, (await list('', 50)).pageInfo.endCursor);
    expect(second.nodes.map((n: { id: string }) => n.id)).toEqual(both.nodes.slice(50, 100).map((n: { id: string }) => n.id));
  });

  it.each(['2A', '974', '75', '13', '976'])('structures-of-department for %s runs without errors', async (department) => {
    const { body } = await server().graphql(example('structures-of-department'), { department });
    expect(body.errors).toBeUndefined();
    expect(body.data.structures.totalCount).toBeGreaterThan(0);
  });

  it.each([
    ['97411', ['numerique']],
    ['2A004', null],
    ['44109', ['se-former--trouver-sa-formation']],
  ])('services-near %s runs without errors', async (commune, themes) => {
    const { body } = await server().graphql(example('services-near'), { commune, themes });
    expect(body.errors).toBeUndefined();
    expect(body.data.services.totalCount).toBeGreaterThan(0);
  });

  it.each([
    ['24733405110', '11'],
    ['SISE:2500200', '84'],
    ['MEFSTAT11:24733000110', '52'],
  ])('formation-outcomes for %s in %s runs without errors', async (code, region) => {
    const { body } = await server().graphql(example('formation-outcomes'), { code, region });
    expect(body.errors).toBeUndefined();
  });

  it('datasets-of-commune without a query, structure-by-siret for a Marché-only SIAE', async () => {
    const datasets = await server().graphql(example('datasets-of-commune'), { commune: '2A004' });
    expect(datasets.body.errors).toBeUndefined();
    const marcheOnly = sandboxWorld().marche.siaes.find(
      (s) => s.kind !== 'OPCS' && !sandboxWorld().dataInclusion.structures.some((r) => r.structure.siret === s.siret),
    )!;
    const structure = await server().graphql(example('structure-by-siret'), { siret: marcheOnly.siret });
    expect(structure.body.errors).toBeUndefined();
    expect(structure.body.data.structure).toMatchObject({
      id: `marche--${marcheOnly.id}`,
      sources: ['MARCHE'],
      siae: { kind: marcheOnly.kind },
    });
  });
});
