import { geography, type Commune } from '../geography/index.js';
import { serviceFromDataInclusion, structureFromDataInclusion } from '../sources/data-inclusion/mapping.js';
import type { DiDetailedStructure, DiStructure } from '../sources/data-inclusion/schemas.js';
import { siaeFromMarche, structureFromMarche, withSiae } from '../sources/lemarche/mapping.js';
import type { Siae } from '../sources/lemarche/schemas.js';
import { joinPages } from '../sources/loader.js';
import { memoByIdentity } from '../caching/identity-memo.js';
import { UpstreamError } from '../upstream/errors.js';
import type { GraphQLContext } from './context.js';
import type { ServiceModel, SiaeModel, StructureModel, StructureSourceName } from './models.js';

/**
 * Structures come from two sources joined by SIRET: data·inclusion (filterable by commune,
 * department or region) and the Marché de l'inclusion (by department only). A territory's list
 * is both, merged: one Structure per data·inclusion record, completed by its SIAE, then the SIAE
 * the Marché alone knows. Each upstream list is read once per request (DataLoader), whole, so
 * that the merge and the counts are exact.
 */
export interface Territory {
  commune?: Commune;
  department?: string;
  region?: string;
}

export interface StructureOptions {
  sources?: StructureSourceName[] | null;
  siaeKinds?: string[] | null;
}

/** The commune and, for Paris, Lyon and Marseille, its arrondissements. */
function communeCodes(commune: Commune): Set<string> {
  return new Set([
    commune.code,
    ...geography()
      .arrondissementsOf(commune.code)
      .map((a) => a.code),
  ]);
}

function departmentsOf(territory: Territory): string[] {
  if (territory.commune) return [territory.commune.departmentCode];
  if (territory.department) return [territory.department];
  return geography()
    .departments.filter((d) => d.regionCode === territory.region)
    .map((d) => d.code);
}

async function dataInclusionStructures(context: GraphQLContext, territory: Territory): Promise<readonly DiStructure[]> {
  const load = context.loaders.dataInclusion.structuresOf;
  const { commune } = territory;
  if (commune) {
    // Geocoding puts Paris, Lyon and Marseille structures in their arrondissements.
    if (geography().arrondissementsOf(commune.code).length === 0) return load.load({ codeCommune: commune.code });
    const codes = communeCodes(commune);
    return (await load.load({ codeDepartement: commune.departmentCode })).filter((s) => codes.has(s.code_insee ?? ''));
  }
  if (territory.department) return load.load({ codeDepartement: territory.department });
  return load.load({ codeRegion: territory.region });
}

/** Mapped Marché lists, by the cached list they come from (a stable list for `mergedLists`). */
const mappedSiaes = memoByIdentity((siaes: readonly Siae[]) => siaes.map(siaeFromMarche));

async function siaesOf(context: GraphQLContext, departments: string[]): Promise<readonly SiaeModel[]> {
  return mappedSiaes(joinPages(await Promise.all(departments.map((d) => context.loaders.lemarche.siaesOfDepartment.load(d)))));
}

/**
 * Merged lists, by the data·inclusion list they start from, then by territory and options: while
 * both upstream lists stay cached (same objects), a territory's merge is computed once, and a
 * client paging through a department pays only for its page. The merged lists are read-only.
 */
const mergedLists = new WeakMap<
  readonly DiStructure[],
  Map<string, { siaes: readonly SiaeModel[] | undefined; merged: readonly StructureModel[] }>
>();

function located(siae: SiaeModel, territory: Territory): boolean {
  if (territory.commune) return communeCodes(territory.commune).has(siae.address.communeCode ?? '');
  return true;
}

/**
 * The structures of a territory. With both sources asked for, one failing still leaves the
 * other's structures, and `onPartialFailure` hears of it (the list is then incomplete).
 */
export async function territoryStructures(
  context: GraphQLContext,
  territory: Territory,
  options: StructureOptions,
  onPartialFailure: (error: UpstreamError) => void,
): Promise<readonly StructureModel[]> {
  const sources: StructureSourceName[] = options.sources?.length ? options.sources : ['DATA_INCLUSION', 'MARCHE'];
  const departments = departmentsOf(territory);
  const [inclusionResult, marcheResult] = await Promise.allSettled([
    sources.includes('DATA_INCLUSION') ? dataInclusionStructures(context, territory) : Promise.resolve([]),
    sources.includes('MARCHE') || options.siaeKinds?.length ? siaesOf(context, departments) : Promise.resolve(undefined),
  ]);
  const failures = [inclusionResult, marcheResult]
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => r.reason as unknown);
  const survivable = failures.length === 1 && failures[0] instanceof UpstreamError && sources.length === 2 && !options.siaeKinds?.length;
  if (failures.length > 0 && !survivable) throw failures[0];
  for (const failure of failures) onPartialFailure(failure as UpstreamError);
  const inclusion = inclusionResult.status === 'fulfilled' ? inclusionResult.value : [];
  const siaes = marcheResult.status === 'fulfilled' ? marcheResult.value : undefined;
  const memoKey = JSON.stringify([territory.commune?.code, territory.department, territory.region, sources, options.siaeKinds ?? null]);
  const memo = failures.length === 0 ? mergedLists.get(inclusion)?.get(memoKey) : undefined;
  if (memo && memo.siaes === siaes) return memo.merged;
  const merged = mergeStructures(inclusion, siaes, territory, departments, sources, options);
  if (failures.length === 0) {
    const byKey = mergedLists.get(inclusion) ?? new Map();
    // Option sets are few in practice; many (kinds listed in every order) start the memo afresh.
    if (byKey.size >= 32) byKey.clear();
    byKey.set(memoKey, { siaes, merged });
    mergedLists.set(inclusion, byKey);
  }
  return merged;
}

function mergeStructures(
  inclusion: readonly DiStructure[],
  siaes: readonly SiaeModel[] | undefined,
  territory: Territory,
  departments: string[],
  sources: StructureSourceName[],
  options: StructureOptions,
): readonly StructureModel[] {
  let merged: StructureModel[] = inclusion.map((s) => structureFromDataInclusion(s));
  if (siaes) {
    const bySiret = new Map<string, SiaeModel>();
    for (const siae of siaes) if (!bySiret.has(siae.siret)) bySiret.set(siae.siret, siae);
    const matched = new Set<string>();
    merged = merged.map((structure) => {
      const siae = structure.siret ? bySiret.get(structure.siret) : undefined;
      if (siae) matched.add(siae.siret);
      // The Marché list of the structure's department is complete: no SIAE there means none.
      const known = departments.includes(geography().commune(structure.communeCode ?? '')?.departmentCode ?? '');
      return siae ? withSiae(structure, siae) : known ? { ...structure, siae: null } : structure;
    });
    if (sources.includes('MARCHE')) {
      const marcheOnly = siaes.filter((siae) => !matched.has(siae.siret) && located(siae, territory));
      const seen = new Set<string>();
      for (const siae of marcheOnly) {
        if (seen.has(siae.siret)) continue;
        seen.add(siae.siret);
        merged.push(structureFromMarche(siae));
      }
    }
  }
  if (options.siaeKinds?.length) merged = merged.filter((s) => s.siae && options.siaeKinds!.includes(s.siae.kind));
  return merged;
}

/** The SIAE with the structure's SIRET, read from its department's Marché list. */
export async function siaeOfStructure(context: GraphQLContext, structure: StructureModel): Promise<SiaeModel | null> {
  if (structure.siae !== undefined) return structure.siae;
  if (!structure.siret) return null;
  const department = geography().commune(structure.communeCode ?? '')?.departmentCode;
  if (department) {
    const siaes = await siaesOf(context, [department]);
    return siaes.find((s) => s.siret === structure.siret) ?? null;
  }
  const bySiret = (await context.loaders.lemarche.siaesBySiret.load(structure.siret)) ?? [];
  return bySiret[0] ? siaeFromMarche(bySiret[0]) : null;
}

/** One structure by id: `marche--<id>` for the Marché, any other id for data·inclusion. */
export async function structureById(context: GraphQLContext, id: string): Promise<StructureModel | null> {
  const marche = /^marche--(\d+)$/.exec(id);
  if (marche) {
    const siae = await context.loaders.lemarche.siae.load(Number(marche[1]));
    return siae ? structureFromMarche(siaeFromMarche(siae)) : null;
  }
  const detail = await context.loaders.dataInclusion.structure.load(id);
  return detail ? structureFromDataInclusion(detail, servicesOfDetail(detail)) : null;
}

/** A detail's services, mapped once per cached detail. */
const servicesOfDetail = memoByIdentity((detail: DiDetailedStructure) => detail.services.map((s) => serviceFromDataInclusion(s)));

/**
 * One structure by SIRET. data·inclusion cannot filter by SIRET, so the Marché locates it first
 * (its SIAE carry a department), then that department's data·inclusion list is searched. A
 * SIRET unknown to the Marché is looked for no further.
 */
export async function structureBySiret(context: GraphQLContext, siret: string): Promise<StructureModel | null> {
  const siaes = ((await context.loaders.lemarche.siaesBySiret.load(siret)) ?? []).map(siaeFromMarche);
  const siae = siaes[0];
  if (!siae) return null;
  const department = siae.department ?? geography().commune(siae.address.communeCode ?? '')?.departmentCode;
  if (department) {
    const inclusion = await context.loaders.dataInclusion.structuresOf.load({ codeDepartement: department });
    const twin = inclusion.find((s) => s.siret === siret);
    if (twin) return withSiae(structureFromDataInclusion(twin), siae);
  }
  return structureFromMarche(siae);
}

/**
 * A structure's services, from its detail: the API lists there every service of the structure,
 * including those addressed in another department and remote ones without any address, which
 * no territory's service list holds. One call per structure, batched and cached by the loader.
 */
export async function servicesOfStructure(context: GraphQLContext, structure: StructureModel): Promise<readonly ServiceModel[]> {
  if (structure.services) return structure.services;
  if (!structure.sources.includes('DATA_INCLUSION')) return [];
  const detail = await context.loaders.dataInclusion.structure.load(structure.id);
  return detail ? servicesOfDetail(detail) : [];
}

/** The structure a service belongs to, without one call per service when its department is known. */
export async function structureOfService(context: GraphQLContext, service: ServiceModel): Promise<StructureModel | null> {
  if (service.structure) return service.structure;
  const department = geography().commune(service.communeCode ?? '')?.departmentCode;
  if (department) {
    const inDepartment = (await context.loaders.dataInclusion.structuresOf.load({ codeDepartement: department })).find(
      (s) => s.id === service.structureId,
    );
    if (inDepartment) return structureFromDataInclusion(inDepartment);
  }
  return structureById(context, service.structureId);
}
