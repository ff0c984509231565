import { structureScore, type DataInclusionWorld, type DiService, type DiStructure, type StructureRecord } from './world.js';

/*
 * Structures and services as the API renders them, with their duplicates: `doublons` in lists
 * and details, and the selection `exclure_doublons` makes.
 */

/** The fields of a base structure, without the API's additions. */
function baseStructure(s: DiStructure): Omit<DiStructure, 'adresse_certifiee'> {
  const { adresse_certifiee: _certified, ...base } = s;
  return base;
}

/** The other members of a structure's duplicate cluster. */
function othersOfCluster(world: DataInclusionWorld, record: StructureRecord): StructureRecord[] {
  return record.cluster ? (world.clusters.get(record.cluster) ?? []).filter((o) => o !== record) : [];
}

/** A structure in a list: its score, and its duplicates by source and id. */
export function listedStructure(world: DataInclusionWorld, record: StructureRecord) {
  return {
    ...record.structure,
    score_qualite: structureScore(record),
    doublons: othersOfCluster(world, record).map((o) => ({ source: o.structure.source, id: o.structure.id })),
  };
}

/** A structure's detail: its score, its duplicates in full, and all its services. */
export function detailedStructure(world: DataInclusionWorld, record: StructureRecord) {
  return {
    ...record.structure,
    score_qualite: structureScore(record),
    doublons: othersOfCluster(world, record).map((o) => baseStructure(o.structure)),
    services: record.services,
  };
}

/** A service with its structure, as details and searches render it. */
export function detailedService(world: DataInclusionWorld, service: DiService) {
  return { ...service, structure: world.structureById.get(service.structure_id)!.structure };
}

/**
 * Best member of each duplicate cluster: highest score, then most recent update. The API
 * selects them with `DISTINCT ON (coalesce(cluster, id))`, so the page is ordered by that key.
 */
export function withoutDuplicates(records: StructureRecord[]): StructureRecord[] {
  const best = new Map<string, StructureRecord>();
  for (const r of records) {
    if (!r.cluster) continue;
    const current = best.get(r.cluster);
    if (
      !current ||
      structureScore(r) > structureScore(current) ||
      (structureScore(r) === structureScore(current) && r.structure.date_maj > current.structure.date_maj)
    ) {
      best.set(r.cluster, r);
    }
  }
  const clusterKey = (r: StructureRecord) => r.cluster ?? r.structure.id;
  return records
    .filter((r) => !r.cluster || best.get(r.cluster) === r)
    .sort((a, b) => (clusterKey(a) < clusterKey(b) ? -1 : clusterKey(a) > clusterKey(b) ? 1 : 0));
}

/**
 * Services of the best structure of each duplicate cluster among those the search found (the
 * API ranks the structures of the matching rows, so a cluster's best member without a
 * matching service leaves the place to the next).
 */
export function fromBestStructures<T>(world: DataInclusionWorld, results: T[], serviceOf: (result: T) => DiService): T[] {
  const present = new Set(results.map((r) => serviceOf(r).structure_id));
  const records = world.structures.filter((r) => present.has(r.structure.id));
  const kept = new Set(withoutDuplicates(records).map((r) => r.structure.id));
  return results.filter((r) => kept.has(serviceOf(r).structure_id));
}
