/** Certifications the sandbox publishes figures for (codes shaped like the real BCN ones). */
export interface CertificationDef {
  cfd: string;
  /** MEFSTAT11 of the school (voie professionnelle) track, when taught in lycées. */
  mef11?: string;
  libelle: string;
  diplome: { code: string; libelle: string };
  /** Last national millésime with figures, for a diploma that closed (figures stop there). */
  lastMillesime?: string;
  /** Regions where it was never taught: the regional route has no row at all for it there. */
  absentFrom?: string[];
}

export const CERTIFICATIONS: CertificationDef[] = [
  {
    cfd: '40025214',
    mef11: '24733405110',
    libelle: "METIERS DU COMMERCE ET DE LA VENTE OPT.A ANIMATION ET GESTION DE L'ESPACE COMMERCIAL",
    diplome: { code: '4', libelle: 'BAC PRO' },
  },
  {
    cfd: '40025213',
    mef11: '24733405120',
    libelle: "METIERS DU COMMERCE ET DE LA VENTE OPT.B PROSPECTION CLIENTELE ET VALORISATION DE L'OFFRE COMMERCIALE",
    diplome: { code: '4', libelle: 'BAC PRO' },
  },
  {
    cfd: '40025510',
    mef11: '24725510310',
    libelle: "METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES",
    diplome: { code: '4', libelle: 'BAC PRO' },
  },
  {
    cfd: '40033003',
    mef11: '24733003210',
    libelle: 'ACCOMPAGNEMENT, SOINS ET SERVICES A LA PERSONNE',
    diplome: { code: '4', libelle: 'BAC PRO' },
  },
  { cfd: '40031102', mef11: '24731102110', libelle: 'LOGISTIQUE', diplome: { code: '4', libelle: 'BAC PRO' } },
  {
    cfd: '40023203',
    mef11: '24723203110',
    libelle: 'TECHNICIEN DU BATIMENT : ORGANISATION ET REALISATION DU GROS OEUVRE',
    diplome: { code: '4', libelle: 'BAC PRO' },
  },
  { cfd: '40022106', mef11: '24722106210', libelle: 'CUISINE', diplome: { code: '4', libelle: 'BAC PRO' } },
  {
    cfd: '40025011',
    mef11: '24725011210',
    libelle: 'MAINTENANCE DES SYSTEMES DE PRODUCTION CONNECTES',
    diplome: { code: '4', libelle: 'BAC PRO' },
  },
  { cfd: '50022141', mef11: '50022141210', libelle: 'CUISINE', diplome: { code: '3', libelle: 'CAP' } },
  {
    cfd: '50022135',
    mef11: '50022135210',
    libelle: 'PRODUCTION ET SERVICE EN RESTAURATIONS (RAPIDE, COLLECTIVE, CAFETERIA)',
    diplome: { code: '3', libelle: 'CAP' },
  },
  { cfd: '50025530', mef11: '50025530210', libelle: 'ELECTRICIEN', diplome: { code: '3', libelle: 'CAP' } },
  { cfd: '50023322', mef11: '50023322210', libelle: 'MACON', diplome: { code: '3', libelle: 'CAP' } },
  { cfd: '50033609', mef11: '50033609210', libelle: 'ACCOMPAGNANT EDUCATIF PETITE ENFANCE', diplome: { code: '3', libelle: 'CAP' } },
  { cfd: '50031224', mef11: '50031224210', libelle: 'EQUIPIER POLYVALENT DU COMMERCE', diplome: { code: '3', libelle: 'CAP' } },
  { cfd: '50022306', libelle: 'BOULANGER', diplome: { code: '3', libelle: 'CAP' } },
  { cfd: '50025216', libelle: 'MAINTENANCE DES VEHICULES OPTION A VOITURES PARTICULIERES', diplome: { code: '3', libelle: 'CAP' } },
  { cfd: '32031213', libelle: 'MANAGEMENT COMMERCIAL OPERATIONNEL', diplome: { code: '5', libelle: 'BTS' } },
  { cfd: '32031408', libelle: 'COMPTABILITE ET GESTION', diplome: { code: '5', libelle: 'BTS' } },
  { cfd: '32025516', libelle: 'ELECTROTECHNIQUE', diplome: { code: '5', libelle: 'BTS' } },
  {
    cfd: '32032609',
    libelle: "SERVICES INFORMATIQUES AUX ORGANISATIONS OPTION A SOLUTIONS D'INFRASTRUCTURE, SYSTEMES ET RESEAUX",
    diplome: { code: '5', libelle: 'BTS' },
  },
  // Closed in 2022: asked for the latest millésime, the API answers 404 with the millésimes it has.
  {
    cfd: '40031212',
    libelle: 'VENTE (PROSPECTION - NEGOCIATION - SUIVI DE CLIENTELE)',
    diplome: { code: '4', libelle: 'BAC PRO' },
    lastMillesime: '2022',
    absentFrom: ['94'],
  },
];

/**
 * A non-final year (seconde, première) has no figures of its own: they live on its final years.
 * With exactly one final year and no common year, the API answers that final year's figures
 * directly; otherwise the figure-less year itself, with `certificationsTerminales` holding each
 * final year's figures (trajectoires-pro `server/src/common/stats.js`, `statsAnneeTerminale`).
 */
export interface NonTerminalYearDef {
  mef11: string;
  cfd: string;
  libelle: string;
  diplome: { code: string; libelle: string };
  /** The famille de métiers, for a common first year. */
  famille?: { code: string; libelle: string; isAnneeCommune: boolean };
  terminales: string[];
}

/** A common first year (seconde of a famille de métiers) whose figures live on its terminal years. */
export const COMMON_YEAR: NonTerminalYearDef = {
  mef11: '24733000110',
  cfd: '40033000',
  libelle: '2NDPRO METIERS DE LA RELATION CLIENT 2NDE COMMUNE',
  diplome: { code: '4', libelle: 'BAC PRO' },
  famille: { code: '003', libelle: 'RELATION CLIENT', isAnneeCommune: true },
  terminales: ['24733405110', '24733405120'],
};

/** A non-terminal year with a single terminal year: the API answers with the terminal's figures. */
export const NON_TERMINAL_YEAR: NonTerminalYearDef = {
  mef11: '24722106110',
  cfd: '40022106',
  libelle: '1ERE PRO CUISINE',
  diplome: { code: '4', libelle: 'BAC PRO' },
  terminales: ['24722106210'],
};

export const NON_TERMINAL_YEARS = [COMMON_YEAR, NON_TERMINAL_YEAR];

/** A higher-education diploma (InserSup), asked for with the `SISE:` prefix. */
export const SISE_CERTIFICATION = {
  sise: '2500200',
  libelle: 'LICENCE PROFESSIONNELLE COMMERCE ET DISTRIBUTION',
  diplome: { code: '6', libelle: 'LP' },
};

export const NATIONAL_MILLESIMES = ['2020', '2021', '2022', '2023', '2024'];
export const PERIOD_MILLESIMES = ['2019_2020', '2020_2021', '2021_2022', '2022_2023', '2023_2024'];

/** Académie of each department (code, name). */
const ACADEMIES: [string, string, string[]][] = [
  ['01', 'Paris', ['75']],
  ['02', 'Aix-Marseille', ['04', '05', '13', '84']],
  ['03', 'Besançon', ['25', '39', '70', '90']],
  ['04', 'Bordeaux', ['24', '33', '40', '47', '64']],
  ['06', 'Clermont-Ferrand', ['03', '15', '43', '63']],
  ['07', 'Dijon', ['21', '58', '71', '89']],
  ['08', 'Grenoble', ['07', '26', '38', '73', '74']],
  ['09', 'Lille', ['59', '62']],
  ['10', 'Lyon', ['01', '42', '69']],
  ['11', 'Montpellier', ['11', '30', '34', '48', '66']],
  ['12', 'Nancy-Metz', ['54', '55', '57', '88']],
  ['13', 'Poitiers', ['16', '17', '79', '86']],
  ['14', 'Rennes', ['22', '29', '35', '56']],
  ['15', 'Strasbourg', ['67', '68']],
  ['16', 'Toulouse', ['09', '12', '31', '32', '46', '65', '81', '82']],
  ['17', 'Nantes', ['44', '49', '53', '72', '85']],
  ['18', 'Orléans-Tours', ['18', '28', '36', '37', '41', '45']],
  ['19', 'Reims', ['08', '10', '51', '52']],
  ['20', 'Amiens', ['02', '60', '80']],
  ['22', 'Limoges', ['19', '23', '87']],
  ['23', 'Nice', ['06', '83']],
  ['24', 'Créteil', ['77', '93', '94']],
  ['25', 'Versailles', ['78', '91', '92', '95']],
  ['27', 'Corse', ['2A', '2B']],
  ['28', 'La Réunion', ['974']],
  ['31', 'Martinique', ['972']],
  ['32', 'Guadeloupe', ['971']],
  ['33', 'Guyane', ['973']],
  ['43', 'Mayotte', ['976']],
  ['70', 'Normandie', ['14', '27', '50', '61', '76']],
];
export const ACADEMY_OF_DEPARTMENT = new Map(
  ACADEMIES.flatMap(([code, nom, departments]) => departments.map((d) => [d, { code, nom }] as const)),
);
export const ACADEMY_CODES = [...ACADEMIES.map(([code]) => code), '40', '41', '42', '44', '77', '78'];

/** Region codes the API accepts (with 00 for the overseas collectivities). */
export const REGION_CODES = [
  '00',
  '01',
  '02',
  '03',
  '04',
  '06',
  '11',
  '24',
  '27',
  '28',
  '32',
  '44',
  '52',
  '53',
  '75',
  '76',
  '84',
  '93',
  '94',
];
