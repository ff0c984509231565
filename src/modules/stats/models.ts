import type { InseeLevel } from '../../sources/insee/client.js';
import type { SourceCodes } from './source-codes.js';

/**
 * The zone whose statistics are asked for (what TerritoryStats resolves from). Made afresh by each
 * `stats` field, so its `sources` log belongs to that one selection of one request.
 */
export interface StatsZoneModel {
  readonly level: InseeLevel;
  readonly code: string;
  readonly sources: SourceCodes;
}

export interface StatCubeModel {
  readonly dataset: string;
  readonly label: string | null;
  readonly year: number | null;
  readonly cells: {
    readonly measure: string;
    readonly modalities: readonly { readonly variable: string; readonly code: string }[];
    readonly value: number | null;
  }[];
}

/** Where a zone's figures of one Melodi dataset came from (StatProvenance). */
export interface StatProvenanceModel {
  readonly dataset: string;
  readonly period: string;
  readonly geographyYear: number | null;
  readonly modified: string | null;
  /** The selector whose communes were summed where the dataset has no level for the zone. */
  readonly summedFrom: string | null;
}
