import { AGE_BANDS } from './profile.js';
import { levelLabel, titleOf, uuidOf } from './catalogue.js';
import { cubeOf, zonesOfLevel } from './cube.js';
import { DATASETS, type Dataset } from './datasets.js';
import type { Level } from './territory.js';

/*
 * `/range/{id}` (the codes a dataset uses, with labels; range_DS_EC_DECES_20260106.json's shape)
 * and `/rmes/listeCode/{id}` (code lists; rmes_listeCode_CL_AGE_20260130.json's shape, note its
 * `langue`/`contenu`).
 */

type Label = { fr: string; en: string };

const CONCEPTS: Record<string, Label> = {
  FREQ: { fr: 'Fréquence', en: 'Frequency' },
  TIME_PERIOD: { fr: 'Période temporelle', en: 'Time period' },
  POPREF_MEASURE: { fr: 'Mesure des populations de référence', en: 'Reference population measure' },
  SEX: { fr: 'Sexe', en: 'Sex' },
  AGE: { fr: 'Âge', en: 'Age' },
  RP_MEASURE: { fr: 'Mesure du recensement', en: 'Census measure' },
  EDUC: { fr: 'Diplôme', en: 'Education' },
  EMPSTA_ENQ: { fr: "Statut d'emploi", en: 'Employment status' },
  OCS: { fr: "Catégorie d'occupation du logement", en: 'Occupancy status of the dwelling' },
  TDW: { fr: 'Type de logement', en: 'Type of dwelling' },
  TSH: { fr: "Statut d'occupation", en: 'Tenure status' },
  FILOSOFI_MEASURE: { fr: 'Mesure Filosofi', en: 'Filosofi measure' },
  EC_MEASURE: { fr: 'Mesure état civil', en: 'Civil status measure' },
  ACTIVITY: { fr: "Secteur d'activité", en: 'Activity' },
  LEGAL_FORM: { fr: 'Forme légale', en: 'Legal form' },
  SIDE_MEASURE: { fr: 'Mesure démographie des entreprises', en: 'Business demography measure' },
};

const CODES: Record<string, Label> = {
  A: { fr: 'Annuel', en: 'Annual' },
  _T: { fr: 'Total', en: 'Total' },
  F: { fr: 'Femme', en: 'Female' },
  M: { fr: 'Homme', en: 'Male' },
  PMUN: { fr: 'Population municipale', en: 'Municipal population' },
  PCAP: { fr: 'Population comptée à part', en: 'Population counted separately' },
  PTOT: { fr: 'Population totale', en: 'Total population' },
  POP: { fr: 'Population', en: 'Population' },
  DWELLINGS: { fr: 'Logements', en: 'Dwellings' },
  Y15T64: { fr: '15 à 64 ans', en: '15 to 64 years old' },
  '1': { fr: 'Actifs ayant un emploi', en: 'Employed' },
  '2': { fr: 'Chômeurs', en: 'Unemployed' },
  '1T2': { fr: 'Actifs', en: 'Labour force' },
  DW_MAIN: { fr: 'Résidences principales', en: 'Main residences' },
  DW_SEC_DW_OCC: { fr: 'Résidences secondaires et logements occasionnels', en: 'Secondary and occasional dwellings' },
  DW_VAC: { fr: 'Logements vacants', en: 'Vacant dwellings' },
  NUM_HH: { fr: 'Nombre de ménages fiscaux', en: 'Number of tax households' },
  MED_SL: { fr: 'Médiane du niveau de vie', en: 'Median standard of living' },
  PR_MD60: { fr: 'Taux de pauvreté au seuil de 60 %', en: 'Poverty rate at 60% threshold' },
  LVB: { fr: 'Nombre de naissances vivantes', en: 'Number of live births' },
  DTH: { fr: 'Nombre de décès', en: 'Number of deaths' },
  Y_LT15: { fr: 'Moins de 15 ans', en: 'Under 15 years old' },
  Y15T24: { fr: '15 à 24 ans', en: '15 to 24 years old' },
  Y25T39: { fr: '25 à 39 ans', en: '25 to 39 years old' },
  Y40T54: { fr: '40 à 54 ans', en: '40 to 54 years old' },
  Y55T64: { fr: '55 à 64 ans', en: '55 to 64 years old' },
  Y65T79: { fr: '65 à 79 ans', en: '65 to 79 years old' },
  Y_GE80: { fr: '80 ans ou plus', en: '80 years old or older' },
  BE: { fr: 'Industrie', en: 'Industry' },
  FZ: { fr: 'Construction', en: 'Construction' },
  GI: { fr: 'Commerce, transports, hébergement et restauration', en: 'Trade, transport, accommodation and food' },
  JZ: { fr: 'Information et communication', en: 'Information and communication' },
  KZ: { fr: "Activités financières et d'assurance", en: 'Financial and insurance activities' },
  LZ: { fr: 'Activités immobilières', en: 'Real estate activities' },
  MN: { fr: 'Activités spécialisées, scientifiques et techniques, services administratifs', en: 'Professional and support services' },
  OQ: { fr: 'Administration publique, enseignement, santé, action sociale', en: 'Public administration, education, health' },
  RU: { fr: 'Autres activités de services', en: 'Other service activities' },
  '10': { fr: 'Entrepreneur individuel', en: 'Sole proprietor' },
  '54': { fr: 'Société à responsabilité limitée', en: 'Limited liability company' },
  '57': { fr: 'Société par actions simplifiée', en: 'Simplified joint-stock company' },
  OTH_SIDE: { fr: 'Autres formes', en: 'Other legal forms' },
  BURE: { fr: "Créations d'entreprises", en: 'Business creations' },
};
const labelOf = (code: string): Label => CODES[code] ?? { fr: code, en: code };

const IRI_KIND: Record<Level, string> = {
  COM: 'commune',
  ARM: 'arrondissementMunicipal',
  ARR: 'arrondissement',
  EPCI: 'intercommunalite',
  DEP: 'departement',
  REG: 'region',
  FRANCE: 'france',
  ZE2020: 'zoneDEmploi2020',
  UU2020: 'uniteUrbaine2020',
  AAV2020: 'aireDAttractionDesVilles2020',
};

/** A concept of a range; FREQ codes carry an `iri`, as recorded. */
function concept(code: string, values: readonly string[], type: 'modalites' | 'date') {
  return {
    concept: { code, label: CONCEPTS[code] ?? { fr: code, en: code } },
    values: values.map((value) => ({
      code: value,
      ...(code === 'FREQ' ? { iri: value } : {}),
      label: type === 'date' ? { fr: value, en: value } : labelOf(value),
    })),
    type,
  };
}

/** The attributes a dataset's observations carry, with their codes (ranges list them as concepts). */
function attributeCodes(dataset: Dataset): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!dataset.attributes) return out;
  for (const codes of cubeOf(dataset).codes) {
    for (const hidden of [false, true]) {
      for (const [name, value] of Object.entries(dataset.attributes(codes, hidden))) {
        out.set(name, (out.get(name) ?? new Set()).add(value));
      }
    }
  }
  return out;
}

/** The measure's type, as the recorded ranges describe OBS_VALUE_NIVEAU and OBS_VALUE_INDICE_DE_PRIX. */
function measureType(measure: string) {
  const code = measure.replace(/^OBS_VALUE_/, '');
  const label = code === 'NIVEAU' ? 'Niveau' : 'Indice de prix';
  return { code, libelle: { fr: label, en: label }, ordreRmes: code === 'NIVEAU' ? 1 : 5, uri: code, total: false, id: code };
}

function range(dataset: Dataset): unknown {
  const cube = cubeOf(dataset);
  const year = cube.territory.geoYear;
  const geo = dataset.levels.flatMap((level) =>
    zonesOfLevel(cube, level).map((zone) => {
      const [fr, en] = levelLabel(level);
      const iri = level === 'FRANCE' ? zone.code : uuidOf(`${level}-${zone.code}`);
      return {
        code: zone.code,
        iri: `http://id.insee.fr/geo/${IRI_KIND[level]}/${iri}`,
        // Geographic labels are French only, but France's (as recorded).
        label: level === 'FRANCE' ? { fr: zone.name, en: zone.code === 'F' ? 'France' : 'Metropolitan France' } : { fr: zone.name },
        type: { code: level, fr, en },
        id: `${year}-${level}-${zone.code}`,
      };
    }),
  );
  return {
    code: dataset.id,
    label: titleOf(dataset),
    range: [
      { concept: { code: 'GEO', label: { fr: 'Géographie', en: 'Geography' } }, values: geo, type: 'geo' },
      ...dataset.dimensions.map((d) => concept(d.code, d.values, d.code === 'TIME_PERIOD' ? 'date' : 'modalites')),
      ...[...attributeCodes(dataset)].map(([name, codes]) => concept(name, [...codes], 'modalites')),
      {
        concept: { code: 'MEASURE', label: { fr: 'Mesure', en: 'Measure' } },
        values: [{ code: dataset.measure, label: { fr: 'Valeur', en: 'Value' }, measureType: measureType(dataset.measure) }],
        type: 'mesures',
      },
    ],
  };
}

const ranges = new Map<string, string>();

/** A dataset's range, serialised once (the communes make it several megabytes). */
export function rangeOf(dataset: Dataset): string {
  let body = ranges.get(dataset.id);
  if (body === undefined) {
    body = JSON.stringify(range(dataset));
    ranges.set(dataset.id, body);
  }
  return body;
}

/**
 * `CL_<DIMENSION>` for every dimension of the served datasets, with the codes they use but `_T`:
 * the recorded CL_AGE has no total, which Insee codes outside its lists.
 */
const CODE_LISTS = new Map<string, Set<string>>();
for (const dataset of DATASETS) {
  for (const d of dataset.dimensions) {
    if (d.code === 'TIME_PERIOD') continue;
    const codes = CODE_LISTS.get(`CL_${d.code}`) ?? new Set<string>();
    for (const code of d.values) if (code !== '_T') codes.add(code);
    CODE_LISTS.set(`CL_${d.code}`, codes);
  }
}
// Keep the age list in age order whatever the datasets' order.
CODE_LISTS.set('CL_AGE', new Set([...AGE_BANDS, 'Y15T64']));

const text = (label: Label) => [
  { langue: 'fr', contenu: label.fr },
  { langue: 'en', contenu: label.en },
];

/** A code list; an unknown one is empty, not an error (rmes_listeCode_CL_DOESNOTEXIST_20260130.json). */
export function codeList(id: string): unknown {
  const codes = CODE_LISTS.get(id);
  if (!codes) return { codes: [], niveaux: [] };
  const concept = CONCEPTS[id.slice(3)] ?? { fr: id, en: id };
  return {
    id,
    dateCreation: '2023-02-08T14:57:15',
    dateMiseAJour: '2026-06-25T18:08:23',
    label: text(concept),
    codes: [...codes].map((code) => ({ code, label: text(labelOf(code)) })),
    niveaux: [],
  };
}
