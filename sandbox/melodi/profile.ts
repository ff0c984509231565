import { Random } from '../seed/random.js';
import type { Unit } from './territory.js';

/*
 * The drawn traits of one commune (or municipal arrondissement) that every Melodi dataset reads,
 * so that datasets agree with each other: the census counts grow from the legal population with
 * one growth rate, employment is a share of the census's 15-64 year-olds, dwellings follow the
 * census population, births and deaths follow the population of their year.
 */

/** Census age bands (DS_RP_POPULATION_PRINC), youngest first; `_T` is their sum. */
export const AGE_BANDS = ['Y_LT15', 'Y15T24', 'Y25T39', 'Y40T54', 'Y55T64', 'Y65T79', 'Y_GE80'] as const;
/** The bands of the 15-64 year-olds, the field of DS_RP_EMPLOI_LR_PRINC's `Y15T64`. */
export const WORKING_AGE_BANDS: readonly string[] = ['Y15T24', 'Y25T39', 'Y40T54', 'Y55T64'];
const AGE_WEIGHTS = [0.17, 0.12, 0.18, 0.19, 0.13, 0.15, 0.06];

export interface Profile {
  /** Yearly growth of the population, around the legal population of 2023. */
  growth: number;
  ageShares: number[];
  /** Share of women in each age band. */
  femaleShares: number[];
  /** Population comptée à part, as a share of the population municipale. */
  countedApart: number;
  activity: number;
  unemployment: number;
  householdSize: number;
  secondaryHomes: number;
  vacantHomes: number;
  birthRate: number;
  deathRate: number;
  /** Median standard of living (euros a year) and poverty rate (%), Filosofi. */
  median: number;
  povertyRate: number;
  /** Small deviations of the census from a smooth growth, one per year. */
  noise(year: number): number;
}

const profiles = new Map<string, Profile>();

export function profileOf(unit: Unit): Profile {
  let p = profiles.get(unit.code);
  if (!p) {
    const r = new Random(`melodi:profile:${unit.code}`);
    const female = r.next();
    p = {
      growth: -0.01 + 0.025 * r.next(),
      ageShares: r.shares(AGE_WEIGHTS, 0.25),
      femaleShares: AGE_WEIGHTS.map((_, i) => 0.47 + 0.04 * female + (i === 6 ? 0.1 : 0) + 0.02 * (r.next() - 0.5)),
      countedApart: 0.005 + 0.025 * r.next(),
      activity: 0.68 + 0.1 * r.next(),
      unemployment: 0.05 + 0.1 * r.next(),
      householdSize: 1.9 + 0.5 * r.next(),
      secondaryHomes: 0.02 + (r.chance(0.2) ? 0.6 : 0.1) * r.next(),
      vacantHomes: 0.05 + 0.07 * r.next(),
      birthRate: 0.008 + 0.006 * r.next(),
      deathRate: 0.006 + 0.007 * r.next(),
      median: 19_000 + 9_000 * r.next(),
      povertyRate: 5 + 20 * r.next(),
      noise: (year) => 0.004 * (new Random(`melodi:noise:${unit.code}:${year}`).next() - 0.5),
    };
    profiles.set(unit.code, p);
  }
  return p;
}

/** The population of a year, from the legal population of 2023 and the commune's growth. */
export function populationIn(unit: Unit, year: number): number {
  const p = profileOf(unit);
  return unit.population * Math.pow(1 + p.growth, year - 2023);
}
