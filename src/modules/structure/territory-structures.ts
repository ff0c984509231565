import { geography } from '../../geography/index.js';
import type { GraphQLContext } from '../../graphql/context.js';
import type { DiStructure } from '../../sources/data-inclusion/schemas.js';
import { UpstreamError } from '../../policies/errors.js';
import { communeCodes, mergeStructures, type StructureOptions, type Territory } from './merge.js';
import type { SiaeModel, StructureModel } from './models.js';
import { siaesOf } from './siaes.js';
import { askedSources, upstreamListsRead } from './sources-read.js';

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

/**
 * Merged lists, by the data·inclusion list they start from, then by territory and options: while
 * both upstream lists stay cached (same objects), a territory's merge is computed once, and a
 * client paging through a department pays only for its page. The merged lists are read-only.
 */
const mergedLists = new WeakMap<
  readonly DiStructure[],
  Map<string, { siaes: readonly SiaeModel[] | undefined; merged: readonly StructureModel[] }>
>();

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
  const sources = askedSources(options.sources);
  const reads = upstreamListsRead(options);
  const departments = departmentsOf(territory);
  const [inclusionResult, marcheResult] = await Promise.allSettled([
    reads.inclusion ? dataInclusionStructures(context, territory) : Promise.resolve([]),
    reads.marche ? siaesOf(context, departments) : Promise.resolve(undefined),
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
