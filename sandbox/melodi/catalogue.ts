import { hash32 } from '../seed/random.js';
import { cubeOf, zonesOfLevel } from './cube.js';
import { DATASETS, type Dataset } from './datasets.js';
import type { Level } from './territory.js';

/*
 * Melodi's catalogue entries (`/catalog/all`, `/catalog/{id}`): the keys, their order and their
 * types of the recorded entries (catalog_all_20260106_SUBSET.json), with the sandbox's own
 * values. `temporal`, `spatialTemporal`, `modified` and the product ids tell each dataset's
 * vintage, as the product reads them to follow new releases.
 */

type Text = { lang: string; content: string }[];
const text = (fr: string, en: string): Text => [
  { lang: 'fr', content: fr },
  { lang: 'en', content: en },
];
const labelled = (fr: string, en: string) => ({ label: text(fr, en) });

export const PUBLISHER = {
  id: 'INSEE',
  label: text(
    'Institut national de la statistique et des etudes economiques (INSEE)',
    'National Institute of Statistics and Economic Studies',
  ),
};

interface Meta {
  title: { fr: string; en: string };
  subtitle: string;
  issued: string;
  modified: string;
  operation: { id: string; fr: string; en: string };
  periodicity: [string, string];
  statisticalUnit: [string, string];
  theme: [string, string];
  /** Absent from some recorded entries (état civil's): then the entry has no `keyword`. */
  keywords?: [string, string][];
  /** Filosofi's presets and component order (only some entries have them). */
  raccourcis?: unknown[];
  ordreComposants?: string[];
}

const MONTHLY: [string, string] = ['Mensuel', 'Monthly'];
const CENSUS = { id: 's1321', fr: 'Recensement de la population', en: 'Population census' };
const META: Record<string, Meta> = {
  DS_IPC_PRINC: {
    title: { fr: 'Indice des prix à la consommation - jeu de données principal', en: 'Consumption Price Index (CPI) - main dataset' },
    subtitle: 'Indices des prix à la consommation',
    issued: '2025-02-28T11:00:00',
    modified: '2026-11-27T08:45:00',
    operation: { id: 's1236', fr: 'Indices des prix à la consommation', en: 'Consumer price indices' },
    periodicity: MONTHLY,
    statisticalUnit: ['Produit', 'Product'],
    theme: ['Prix', 'Prices'],
    keywords: [['inflation', 'inflation']],
  },
  DS_POPULATIONS_REFERENCE: {
    title: { fr: 'Populations de référence', en: 'Reference populations ' },
    subtitle: 'Recensement de la population',
    issued: '2025-12-17T08:35:21',
    modified: '2025-12-18T12:00:16',
    operation: CENSUS,
    periodicity: ['Annuel', 'Annual'],
    statisticalUnit: ['Individu', 'Person'],
    theme: ['Démographie', 'Demography'],
    keywords: [['populations légales', 'legal populations']],
  },
  DS_RP_POPULATION_PRINC: {
    title: { fr: 'Population', en: 'Population' },
    subtitle: 'Recensement de la population - exploitation principale',
    issued: '2025-06-17T10:15:05',
    modified: '2026-06-25T15:15:13',
    operation: CENSUS,
    periodicity: ['Annuel', 'Annual'],
    statisticalUnit: ['Individu', 'Person'],
    theme: ['Population', 'Population'],
    keywords: [['âge', 'age']],
  },
  DS_RP_EMPLOI_LR_PRINC: {
    title: { fr: 'Population active et chômage', en: 'Labor force and unemployment' },
    subtitle: 'Recensement de la population - exploitation principale',
    issued: '2025-06-12T08:22:25',
    modified: '2026-06-25T21:00:14',
    operation: CENSUS,
    periodicity: ['Annuel', 'Annual'],
    statisticalUnit: ['Individu', 'Person'],
    theme: ['Emploi', 'Employment'],
    keywords: [['chômage', 'unemployment']],
  },
  DS_RP_LOGEMENT_PRINC: {
    title: { fr: 'Logements', en: 'Housings' },
    subtitle: 'Recensement de la population - exploitation principale',
    issued: '2025-06-13T11:23:18',
    modified: '2026-06-25T20:15:14',
    operation: CENSUS,
    periodicity: ['Annuel', 'Annual'],
    statisticalUnit: ['Logement', 'Dwelling'],
    theme: ['Logement', 'Housing'],
    keywords: [['logement', 'housing']],
  },
  DS_FILOSOFI_CC: {
    title: { fr: 'Principaux indicateurs sur la pauvreté en 2021', en: 'Key indicators on poverty in 2021' },
    subtitle: 'Fichier localisé social et fiscal',
    issued: '2025-06-03T17:00:41',
    modified: '2025-11-26T09:09:27',
    operation: { id: 's1172', fr: 'Fichier localisé social et fiscal', en: 'Localised social and tax file' },
    periodicity: ['Annuel', 'Annual'],
    statisticalUnit: ['Ménage', 'Household'],
    theme: ['Revenus', 'Income'],
    keywords: [['pauvreté', 'poverty']],
    raccourcis: [
      {
        raccourcis: [{ idComponent: 'FILOSOFI_MEASURE', choix: ['MED_SL', 'PR_MD60'] }],
        titre: { fr: 'Niveau de vie et pauvreté', en: 'Standard of living and poverty' },
        description: { fr: 'Médiane du niveau de vie et taux de pauvreté', en: 'Median standard of living and poverty rate' },
      },
    ],
    ordreComposants: ['GEO', 'FILOSOFI_MEASURE', 'OBS_VALUE', 'UNIT_MEASURE', 'UNIT_MULT', 'CONF_STATUS', 'OBS_STATUS', 'TIME_PERIOD'],
  },
  DS_ETAT_CIVIL_NAIS_COMMUNES: {
    title: { fr: 'Nombre de naissances annuelles par commune', en: 'Number of annual births by municipality' },
    subtitle: 'État civil - naissances domiciliées',
    issued: '2023-11-29T16:37:00',
    modified: '2026-07-09T11:11:00',
    operation: { id: 's1170', fr: 'État civil', en: 'Civil register' },
    periodicity: ['Annuel', 'Annual'],
    statisticalUnit: ['Individu', 'Person'],
    theme: ['Naissances', 'Births'],
  },
  DS_ETAT_CIVIL_DECES_COMMUNES: {
    title: { fr: 'Nombre de décès annuels par commune', en: 'Number of annual deaths by municipality' },
    subtitle: 'État civil - décès domiciliés',
    issued: '2023-11-29T16:37:00',
    modified: '2026-07-09T13:16:02',
    operation: { id: 's1170', fr: 'État civil', en: 'Civil register' },
    periodicity: ['Annuel', 'Annual'],
    statisticalUnit: ['Individu', 'Person'],
    theme: ['Décès', 'Deaths'],
  },
  DS_SIDE_CREA_ENT_COM: {
    title: {
      fr: "Créations d'entreprises par secteur d'activité (A10) et forme légale",
      en: 'Business creations by activity (A10) and legal form',
    },
    subtitle: "Système d'information sur la démographie d'entreprises (Side)",
    issued: '2025-01-29T12:00:00',
    modified: '2026-07-30T12:00:00',
    operation: { id: 's1020', fr: "Système d'identification du répertoire des entreprises", en: 'Business register identification system' },
    periodicity: ['Annuel', 'Annual'],
    statisticalUnit: ['Unité légale', 'Legal unit'],
    theme: ["Démographie et créations d'entreprises", 'Business demography'],
    keywords: [['Entreprises', 'Companies']],
  },
};

export function titleOf(dataset: Dataset): { fr: string; en: string } {
  return META[dataset.id]!.title;
}

const LEVEL_LABELS: Record<Level, [string, string]> = {
  COM: ['Commune', 'Commune'],
  ARM: ['Arrondissement municipal', 'Municipal district'],
  ARR: ['Arrondissement', 'District'],
  EPCI: ['Intercommunalité', 'Intermunicipality'],
  DEP: ['Département', 'Department'],
  REG: ['Région', 'Region'],
  FRANCE: ['France', 'France'],
  ZE2020: ["Zone d'emploi", 'Employment zone'],
  UU2020: ['Unité urbaine', 'Urban unit'],
  AAV2020: ["Aire d'attraction des villes", 'Urban area'],
};
export const levelLabel = (level: Level) => LEVEL_LABELS[level];

const SPATIAL = {
  FE: ['France entière', 'France'],
  FEHM: ['France hors Mayotte', 'France excluding Mayotte'],
  FMMR: ['France métropolitaine, Martinique et La Réunion', 'Metropolitan France, Martinique and La Réunion'],
} as const;

/** A deterministic UUID-shaped id, as Insee's URIs carry. */
export function uuidOf(seed: string): string {
  const hex = [0, 1, 2, 3].map((i) => hash32(`${seed}:${i}`).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** First and last periods as the catalogue dates them (a month's first day for monthly data). */
function period(dataset: Dataset): { first: string; last: string; lastYear: number } {
  const periods = [...dataset.dimensions.find((d) => d.code === 'TIME_PERIOD')!.values].sort();
  const date = (p: string) => (p.length === 4 ? `${p}-01-01T00:00:00` : `${p}-01T00:00:00`);
  return { first: date(periods[0]!), last: date(periods[periods.length - 1]!), lastYear: Number(periods[periods.length - 1]!.slice(0, 4)) };
}

/** Observations the whole dataset holds: every zone of its levels by every combo. */
function observationCount(dataset: Dataset): number {
  const cube = cubeOf(dataset);
  return dataset.levels.reduce((n, level) => n + zonesOfLevel(cube, level).length, 0) * cube.combos.length;
}

function entry(dataset: Dataset, base: string): Record<string, unknown> {
  const m = META[dataset.id]!;
  const periods = period(dataset);
  const product = `${dataset.id}_${periods.lastYear}_CSV_FR`;
  return {
    identifier: dataset.id,
    uri: `http://id.insee.fr/catalogues/jeuDeDonnees/${uuidOf(dataset.id)}`,
    title: text(m.title.fr, m.title.en),
    subtitle: text(m.subtitle, ''),
    description: text(`${m.title.fr} (jeu de données simulé par le bac à sable).`, `${m.title.en} (dataset simulated by the sandbox).`),
    accessRights: text('Libre', 'Free'),
    processStep: text('inseeApi', 'inseeApi'),
    confidentialityStatus: text('Libre', 'Free'),
    type: text('Données agrégées', 'Aggregated data'),
    issued: m.issued,
    creator: 'Insee',
    modified: m.modified,
    publisher: PUBLISHER,
    wasGeneratedBy: [{ id: m.operation.id, label: text(m.operation.fr, m.operation.en) }],
    temporal: { startPeriod: periods.first, endPeriod: periods.last },
    temporalResolution: [labelled(...m.periodicity)],
    accrualPeriodicity: labelled(...m.periodicity),
    spatial: { id: dataset.coverage, label: text(SPATIAL[dataset.coverage][0], SPATIAL[dataset.coverage][1]) },
    spatialResolution: dataset.levels.map((level) => ({ id: level, label: text(...LEVEL_LABELS[level]) })),
    spatialTemporal: `${dataset.geoYear}-01-01T01:00:00`,
    statisticalUnit: [labelled(...m.statisticalUnit)],
    theme: [{ ...labelled(...m.theme), themeTaxonomy: 'inseeTheme' }],
    landingPage: [
      [
        { lang: 'fr', url: '' },
        { lang: 'en', url: '' },
      ],
    ],
    structure: { dsd: `DSD_${dataset.id.slice(3)}` },
    product: [
      {
        id: product,
        format: 'CSV',
        issued: m.modified,
        modified: m.modified,
        title: m.title.fr,
        accessURL: `${base}/file/${dataset.id}/${product}`,
        byteSize: 1000 + (hash32(product) % 9_000_000),
        packageFormat: 'application/zip',
        mediaType: 'text/csv',
        language: 'FR',
      },
    ],
    numObservations: observationCount(dataset),
    numSeries: 0,
    ...(m.raccourcis ? { raccourcis: m.raccourcis } : {}),
    ...(m.keywords ? { keyword: m.keywords.map(([fr, en]) => labelled(fr, en)) } : {}),
    ...(m.ordreComposants ? { ordreComposants: m.ordreComposants } : {}),
    scopeNote: text(
      `Données diffusées dans la géographie au 1er janvier ${dataset.geoYear}.`,
      `Data in the geography of 1 January ${dataset.geoYear}.`,
    ),
    relations: [
      {
        title: text('', ''),
        titleComplement: [{ lang: 'fr', content: 'Documentation et données complémentaires' }, { lang: 'en' }],
        url: [{ lang: 'fr', content: 'https://www.insee.fr/fr/statistiques' }, { lang: 'en' }],
      },
    ],
    abstract: text(m.title.fr, m.title.en),
  };
}

/** One dataset's entry; `base` is the service's base URL, which the products' URLs start with. */
export function catalogueEntry(dataset: Dataset, base: string): Record<string, unknown> {
  return entry(dataset, base);
}

export function catalogue(base: string): Record<string, unknown>[] {
  return DATASETS.map((d) => entry(d, base));
}
