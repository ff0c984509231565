/**
 * The Insee cubes the sandbox serves: a subset of the real catalogue (datasets, croisements,
 * measures and modality codes as the real API names them), with values generated per zone.
 */

export interface VariableDef {
  code: string;
  label: string;
  /** Modality codes without the total `ENS`. */
  modalities: string[];
  /**
   * Whether the variable has the total `ENS`. Indicator variables (IND_POPLEGALES,
   * INDICS_FILO_DISP, INDICS_ETATCIVIL…) do not: their single modality `1` is the whole.
   */
  hasTotal: boolean;
  /** Relative size of each modality, perturbed per zone. */
  weights: number[];
}

export interface MeasureDef {
  code: string;
  label: string;
  /** Value of the total cell for a zone of `population` inhabitants. */
  perInhabitant?: number;
  /** Integer counts (births, legal population) or weighted census estimates with decimals. */
  integer: boolean;
  /** For indicators that do not add up (median income, rates): a value range. */
  range?: [number, number];
}

/** Which zones a cube exists for (the cube's `Groupe`). */
export interface GroupDef {
  code: string;
  label: string;
  minPopulation: number;
  /** Only communes and municipal arrondissements. */
  communesOnly?: boolean;
  /** Mayotte is outside most cubes ("France hors Mayotte"). */
  withoutMayotte?: boolean;
}

export interface CubeDef {
  variables: VariableDef[];
  measures: MeasureDef[];
  group: GroupDef;
}

export interface DatasetDef {
  code: string;
  label: string;
  source: string;
  year: number;
  cubes: Record<string, CubeDef>;
}

const v = (code: string, label: string, modalities: string[], weights?: number[]): VariableDef => ({
  code,
  label,
  modalities,
  hasTotal: true,
  weights: weights ?? modalities.map(() => 1),
});

const SEXE = v('SEXE', 'Sexe', ['1', '2'], [0.485, 0.515]);
const AGE15_15_90 = v(
  'AGE15_15_90',
  'Âge quinquennal en 7 classes',
  ['00', '15', '30', '45', '60', '75', '90'],
  [17, 17, 18, 19, 17, 10, 1.2],
);
const TYPMR = v(
  'TYPMR',
  'Type de ménage regroupé',
  ['11', '12', '20', '31', '32', '41', '42', '43', '44'],
  [17, 20, 3, 2, 8, 14, 12, 10, 14],
);
const VOIT = v('VOIT', 'Nombre de voitures du ménage', ['0', '1', '2', '3'], [14, 44, 34, 8]);
const TYPLR = v('TYPLR', 'Type de logement', ['1', '2', '3'], [55, 44, 1]);
const CATL = v('CATL', 'Catégorie de logement', ['1', '2', '3', '4'], [82, 2, 9, 7]);
const STATR = v('STATR', 'Statut professionnel', ['1', '2'], [87, 13]);
const DIPL_19 = v('DIPL_19', 'Diplôme le plus élevé', ['A', 'B', 'C', 'D', 'E', 'F', 'G'], [20, 10, 5, 24, 17, 12, 12]);
const CS1_8 = v(
  'CS1_8',
  'Catégorie socioprofessionnelle de la personne de référence',
  ['1', '2', '3', '4', '5', '6', '7', '8'],
  [1, 4, 10, 15, 15, 13, 32, 10],
);
const NA5_B = v('NA5_B', 'Activité économique en 5 postes, nouvelle répartition', ['BE', 'FZ', 'GI', 'JN', 'PS'], [6, 14, 30, 35, 15]);
const NA10_HORS_AZ = v(
  'NA10_HORS_AZ',
  'Activité économique en 10 postes hors agriculture',
  ['BE', 'FZ', 'GI', 'JZ', 'KZ', 'LZ', 'MN', 'OQ', 'RU'],
  [5, 12, 28, 5, 4, 6, 22, 10, 8],
);
const ENTR_INDIVIDUELLE = v('ENTR_INDIVIDUELLE', 'Entreprise individuelle', ['1', '2'], [64, 36]);
const indicator = (code: string, label: string): VariableDef => ({ ...v(code, label, ['1']), hasTotal: false });

const FHM: GroupDef = { code: 'FHM', label: 'France hors Mayotte', minPopulation: 0, withoutMayotte: true };
const FRANCE: GroupDef = { code: 'F', label: 'France', minPopulation: 0 };
// Unlike the FHM groups ("France hors Mayotte"), this group does not exclude Mayotte.
const COMMUNES_POP: GroupDef = {
  code: 'COMMUNES_POP',
  label: 'Communes des populations légales uniquement',
  minPopulation: 0,
  communesOnly: true,
};
const FILO_SMALL: GroupDef = {
  code: 'FILO_NM50_NP100',
  label: 'Zones de plus de 50 ménages et 100 personnes',
  minPopulation: 120,
  withoutMayotte: true,
};
const FILO_DETAIL: GroupDef = {
  code: 'FILO_NM1000_NP2000',
  label: 'Zones de plus de 1000 ménages et 2000 personnes',
  minPopulation: 2200,
  withoutMayotte: true,
};

const census = (year: number, geoYear: number): DatasetDef => ({
  code: `GEO${geoYear}RP${year}`,
  label: `Recensement de la population ${year}`,
  source: 'Recensement de la population',
  year,
  cubes: {
    'SEXE-AGE15_15_90': {
      variables: [SEXE, AGE15_15_90],
      measures: [{ code: 'POP', label: 'Population', perInhabitant: 1, integer: false }],
      group: FHM,
    },
    TYPMR: {
      variables: [TYPMR],
      measures: [
        { code: 'NBLOG', label: 'Nombre de ménages', perInhabitant: 1 / 2.2, integer: false },
        { code: 'POP', label: 'Population des ménages', perInhabitant: 0.98, integer: false },
      ],
      group: FHM,
    },
    VOIT: {
      variables: [VOIT],
      measures: [{ code: 'NBLOG', label: 'Nombre de ménages', perInhabitant: 1 / 2.2, integer: false }],
      group: FHM,
    },
    'TYPLR-CATL': {
      variables: [TYPLR, CATL],
      measures: [{ code: 'NBLOG', label: 'Nombre de logements', perInhabitant: 1 / 1.9, integer: false }],
      group: FHM,
    },
    'STATR-SEXE': {
      variables: [STATR, SEXE],
      measures: [{ code: 'NBEMP', label: 'Nombre d’emplois au lieu de travail', perInhabitant: 0.41, integer: false }],
      group: FHM,
    },
    'SEXE-DIPL_19': {
      variables: [SEXE, DIPL_19],
      measures: [{ code: 'POP', label: 'Population de 15 ans ou plus non scolarisée', perInhabitant: 0.74, integer: false }],
      group: FHM,
    },
    CS1_8: {
      variables: [CS1_8],
      measures: [
        { code: 'NBLOG', label: 'Nombre de ménages', perInhabitant: 1 / 2.2, integer: false },
        { code: 'POP', label: 'Population des ménages', perInhabitant: 0.98, integer: false },
      ],
      group: FHM,
    },
  },
});

const legalPopulation = (year: number): DatasetDef => ({
  code: `POPLEG${year}`,
  label: `Populations légales ${year}`,
  source: 'Populations légales',
  year,
  cubes: {
    IND_POPLEGALES: {
      variables: [indicator('IND_POPLEGALES', 'Indicateurs des populations légales')],
      measures: [
        { code: 'POPMUN', label: 'Population municipale', perInhabitant: 1, integer: true },
        { code: 'POPCAP', label: 'Population comptée à part', perInhabitant: 0.018, integer: true },
        { code: 'POPTOT', label: 'Population totale', integer: true },
      ],
      group: COMMUNES_POP,
    },
  },
});

export const DATASETS: DatasetDef[] = [
  // The legal-population vintages Données locales is known to publish end with POPLEG2020
  // (evidence in src/sources/insee/datasets.ts); none later is served.
  legalPopulation(2018),
  legalPopulation(2019),
  legalPopulation(2020),
  census(2018, 2021),
  census(2019, 2022),
  census(2020, 2023),
  {
    code: 'GEO2017REE2017',
    label: 'Répertoire des entreprises et des établissements 2017',
    source: 'Demographie des entreprises et des établissements',
    year: 2017,
    cubes: {
      'NA5_B-ENTR_INDIVIDUELLE': {
        variables: [NA5_B, ENTR_INDIVIDUELLE],
        measures: [{ code: 'NBCRENT', label: "Nombre de créations d'entreprises", perInhabitant: 0.0085, integer: true }],
        group: FRANCE,
      },
    },
  },
  {
    code: 'GEO2022REE2021',
    label: 'Répertoire des entreprises et des établissements 2021',
    source: 'Demographie des entreprises et des établissements',
    year: 2021,
    cubes: {
      'NA10_HORS_AZ-ENTR_INDIVIDUELLE': {
        variables: [NA10_HORS_AZ, ENTR_INDIVIDUELLE],
        measures: [{ code: 'NBCRENT', label: "Nombre de créations d'entreprises", perInhabitant: 0.0115, integer: true }],
        group: FRANCE,
      },
      NA10_HORS_AZ: {
        variables: [NA10_HORS_AZ],
        measures: [{ code: 'NBCRET', label: "Nombre de créations d'établissements", perInhabitant: 0.0135, integer: true }],
        group: FRANCE,
      },
    },
  },
  {
    code: 'GEO2022FILO2020',
    label: 'Fichier localisé social et fiscal 2020',
    source: 'FiLoSoFi',
    year: 2020,
    cubes: {
      INDICS_FILO_DISP: {
        variables: [indicator('INDICS_FILO_DISP', 'Indicateurs de revenus disponibles')],
        measures: [
          { code: 'NBMEN', label: 'Nombre de ménages fiscaux', perInhabitant: 1 / 2.25, integer: true },
          { code: 'NBPERS', label: 'Nombre de personnes dans les ménages fiscaux', perInhabitant: 0.97, integer: true },
          {
            code: 'MEDIANE',
            label: 'Médiane du revenu disponible par unité de consommation (en euros)',
            integer: false,
            range: [17_500, 29_000],
          },
        ],
        group: FILO_SMALL,
      },
      INDICS_FILO_DISP_DET: {
        variables: [indicator('INDICS_FILO_DISP_DET', 'Indicateurs détaillés de revenus disponibles')],
        measures: [
          {
            code: 'D1',
            label: '1er décile du revenu disponible par unité de consommation (en euros)',
            integer: false,
            range: [9_000, 14_500],
          },
          {
            code: 'D9',
            label: '9e décile du revenu disponible par unité de consommation (en euros)',
            integer: false,
            range: [32_000, 52_000],
          },
          { code: 'RD', label: 'Rapport interdécile 9e décile/1er décile', integer: false, range: [2.6, 4.2] },
          { code: 'TP60', label: 'Taux de pauvreté au seuil de 60 % (%)', integer: false, range: [6, 28] },
          { code: 'PACT', label: "Part des revenus d'activité (%)", integer: false, range: [60, 80] },
          { code: 'PPEN', label: 'Part des pensions, retraites et rentes (%)', integer: false, range: [20, 40] },
          { code: 'PPSOC', label: 'Part des prestations sociales (%)', integer: false, range: [3, 12] },
          { code: 'PIMPOT', label: 'Part des impôts (%)', integer: false, range: [-22, -12] },
        ],
        group: FILO_DETAIL,
      },
    },
  },
  {
    code: 'GEO2022RFD2021',
    label: 'État civil 2021',
    source: 'État civil',
    year: 2021,
    cubes: {
      INDICS_ETATCIVIL: {
        variables: [indicator('INDICS_ETATCIVIL', "Indicateurs d'état civil")],
        measures: [
          { code: 'NBNAIS', label: 'Nombre de naissances', perInhabitant: 0.0108, integer: true },
          { code: 'NBDEC', label: 'Nombre de décès', perInhabitant: 0.0098, integer: true },
        ],
        group: FRANCE,
      },
    },
  },
];

/** Year the embedded geography's populations stand for; other vintages are scaled from it. */
export const REFERENCE_YEAR = 2023;
