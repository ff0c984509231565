import type { InseeLevel } from '../../sources/insee/client.js';

/** The zone whose statistics are asked for. */
export interface ZoneModel {
  readonly level: InseeLevel;
  readonly code: string;
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
