/*
 * The kinds of structure the sandbox generates, each with the services it typically offers.
 * Over 300 lines because it is one table, read best whole: the public services first, then
 * associations, then the SIAE kinds shared with the Marché.
 */

import type { Thematique } from '../product.js';

/** A service a kind of structure typically offers. */
export interface ServiceTemplate {
  name: string;
  type: 'accompagnement' | 'aide-financiere' | 'aide-materielle' | 'atelier' | 'formation' | 'information';
  themes: Thematique[];
  publics: string[];
  fees: 'gratuit' | 'payant';
  remote?: boolean;
}

/** A kind of inclusion structure, with how the sandbox names it and what it offers. */
export interface StructureKind {
  key: string;
  /** `{commune}` and `{brand}` are replaced. */
  name: string;
  source: string;
  networks: string[];
  /** Marché de l'inclusion kind when the structure is an SIAE. */
  siaeKind?: 'EI' | 'AI' | 'ACI' | 'ETTI' | 'EITI' | 'GEIQ' | 'EA' | 'EATT' | 'ESAT';
  services: ServiceTemplate[];
}

const ACCOMPAGNEMENT_EMPLOI: ServiceTemplate = {
  name: 'Accompagnement vers l’emploi',
  type: 'accompagnement',
  themes: ['trouver-un-emploi--repondre-a-des-offres-demploi', 'preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation'],
  publics: ['demandeurs-emploi'],
  fees: 'gratuit',
};

const PARCOURS_INSERTION: ServiceTemplate = {
  name: 'Parcours d’insertion par l’activité économique',
  type: 'accompagnement',
  themes: ['trouver-un-emploi--maintien-dans-lemploi', 'choisir-un-metier--identifier-ses-points-forts-et-ses-competences'],
  publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
  fees: 'gratuit',
};

export const STRUCTURE_KINDS: Record<string, StructureKind> = {
  ccas: {
    key: 'ccas',
    name: 'CCAS de {commune}',
    source: 'dora',
    networks: ['ccas-cias'],
    services: [
      {
        name: 'Aide alimentaire d’urgence',
        type: 'aide-materielle',
        themes: ['equipement-et-alimentation--alimentation'],
        publics: ['personnes-en-situation-durgence'],
        fees: 'gratuit',
      },
      {
        name: 'Aides financières facultatives',
        type: 'aide-financiere',
        themes: ['difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere'],
        publics: ['tous-publics'],
        fees: 'gratuit',
      },
      {
        name: 'Domiciliation administrative',
        type: 'accompagnement',
        themes: ['difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits'],
        publics: ['tous-publics'],
        fees: 'gratuit',
      },
    ],
  },
  franceServices: {
    key: 'franceServices',
    name: 'France services {commune}',
    source: 'dora',
    networks: ['france-service'],
    services: [
      {
        name: 'Aide aux démarches administratives en ligne',
        type: 'accompagnement',
        themes: [
          'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
          'numerique--acceder-a-des-services-en-ligne',
        ],
        publics: ['tous-publics'],
        fees: 'gratuit',
      },
      {
        name: 'Accès libre à un poste informatique',
        type: 'aide-materielle',
        themes: ['numerique--acceder-a-une-connexion-internet'],
        publics: ['tous-publics'],
        fees: 'gratuit',
      },
    ],
  },
  laPoste: {
    key: 'laPoste',
    name: 'La Poste – France services {commune}',
    source: 'dora',
    networks: ['la-poste', 'france-service'],
    services: [
      {
        name: 'Accompagnement aux démarches en ligne',
        type: 'accompagnement',
        themes: ['numerique--acceder-a-des-services-en-ligne'],
        publics: ['tous-publics'],
        fees: 'gratuit',
      },
    ],
  },
  missionLocale: {
    key: 'missionLocale',
    name: 'Mission locale de {commune}',
    source: 'mission-locale',
    networks: ['mission-locale'],
    services: [
      {
        name: 'Contrat d’engagement jeune',
        type: 'accompagnement',
        themes: ['trouver-un-emploi--repondre-a-des-offres-demploi', 'se-former--trouver-sa-formation'],
        publics: ['jeunes'],
        fees: 'gratuit',
      },
      {
        name: 'Aide au permis de conduire',
        type: 'aide-financiere',
        themes: ['mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite'],
        publics: ['jeunes'],
        fees: 'gratuit',
      },
      {
        name: 'Information logement jeunes',
        type: 'information',
        themes: ['logement-hebergement--louer-un-logement'],
        publics: ['jeunes'],
        fees: 'gratuit',
      },
    ],
  },
  franceTravail: {
    key: 'franceTravail',
    name: 'France Travail {commune}',
    source: 'france-travail',
    networks: ['france-travail'],
    services: [
      ACCOMPAGNEMENT_EMPLOI,
      {
        name: 'Atelier numérique pour la recherche d’emploi',
        type: 'atelier',
        themes: [
          'numerique--maitriser-les-fondamentaux-du-numerique',
          'preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi',
        ],
        publics: ['demandeurs-emploi'],
        fees: 'gratuit',
        remote: true,
      },
    ],
  },
  mediationNumerique: {
    key: 'mediationNumerique',
    name: 'Espace numérique de {commune}',
    source: 'mediation-numerique',
    networks: ['conseillers-numeriques'],
    services: [
      {
        name: 'Initiation au numérique',
        type: 'atelier',
        themes: ['numerique--maitriser-les-fondamentaux-du-numerique'],
        publics: ['tous-publics'],
        fees: 'gratuit',
      },
      {
        name: 'Acquérir un ordinateur reconditionné',
        type: 'aide-materielle',
        themes: ['numerique--acquerir-un-equipement'],
        publics: ['beneficiaires-des-minimas-sociaux'],
        fees: 'payant',
      },
    ],
  },
  restos: {
    key: 'restos',
    name: 'Les Restos du Cœur – {commune}',
    source: 'dora',
    networks: ['restos-du-coeur'],
    services: [
      {
        name: 'Distribution alimentaire',
        type: 'aide-materielle',
        themes: ['equipement-et-alimentation--alimentation'],
        publics: ['tous-publics'],
        fees: 'gratuit',
      },
      {
        name: 'Aide à la recherche d’emploi',
        type: 'accompagnement',
        themes: ['preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation'],
        publics: ['demandeurs-emploi'],
        fees: 'gratuit',
      },
    ],
  },
  accueilJour: {
    key: 'accueilJour',
    name: 'Accueil de jour {brand}',
    source: 'soliguide',
    networks: ['federation-des-acteurs-de-la-solidarite'],
    services: [
      {
        name: 'Accueil de jour et douches',
        type: 'aide-materielle',
        themes: ['equipement-et-alimentation--habillement', 'remobilisation--lien-social'],
        publics: ['personnes-en-situation-durgence'],
        fees: 'gratuit',
      },
    ],
  },
  mobilite: {
    key: 'mobilite',
    name: 'Plateforme mobilité {brand}',
    source: 'dora',
    networks: ['wimoov'],
    services: [
      {
        name: 'Location solidaire de véhicules',
        type: 'aide-materielle',
        themes: ['mobilite--acceder-a-un-vehicule'],
        publics: ['demandeurs-emploi'],
        fees: 'payant',
      },
      {
        name: 'Bilan mobilité',
        type: 'accompagnement',
        themes: ['mobilite--etre-accompagne-dans-son-parcours-mobilite'],
        publics: ['tous-publics'],
        fees: 'gratuit',
        remote: true,
      },
    ],
  },
  budget: {
    key: 'budget',
    name: 'Point conseil budget {brand}',
    source: 'dora',
    networks: ['points-conseil-budget'],
    services: [
      {
        name: 'Conseil budgétaire',
        type: 'accompagnement',
        themes: [
          'difficultes-financieres--ameliorer-sa-gestion-budgetaire',
          'difficultes-financieres--situation-dendettement-surendettement',
        ],
        publics: ['tous-publics'],
        fees: 'gratuit',
        remote: true,
      },
    ],
  },
  aci: {
    key: 'aci',
    name: 'Atelier chantier d’insertion {brand}',
    source: 'emplois-de-linclusion',
    networks: ['aci'],
    siaeKind: 'ACI',
    services: [
      PARCOURS_INSERTION,
      {
        name: 'Chantier d’insertion espaces verts',
        type: 'formation',
        themes: ['choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite'],
        publics: ['demandeurs-emploi'],
        fees: 'gratuit',
      },
    ],
  },
  ei: {
    key: 'ei',
    name: '{brand} Insertion',
    source: 'emplois-de-linclusion',
    networks: ['ei'],
    siaeKind: 'EI',
    services: [PARCOURS_INSERTION],
  },
  etti: {
    key: 'etti',
    name: '{brand} Intérim d’insertion',
    source: 'emplois-de-linclusion',
    networks: ['etti'],
    siaeKind: 'ETTI',
    services: [PARCOURS_INSERTION, ACCOMPAGNEMENT_EMPLOI],
  },
  ai: {
    key: 'ai',
    name: 'Association intermédiaire {brand}',
    source: 'emplois-de-linclusion',
    networks: ['ai'],
    siaeKind: 'AI',
    services: [PARCOURS_INSERTION],
  },
  geiq: {
    key: 'geiq',
    name: 'GEIQ {brand}',
    source: 'emplois-de-linclusion',
    networks: ['geiq'],
    siaeKind: 'GEIQ',
    services: [
      {
        name: 'Parcours de qualification en alternance',
        type: 'formation',
        themes: ['se-former--trouver-sa-formation'],
        publics: ['jeunes', 'demandeurs-emploi'],
        fees: 'gratuit',
      },
    ],
  },
  ea: {
    key: 'ea',
    name: 'Entreprise adaptée {brand}',
    source: 'dora',
    networks: ['ea'],
    siaeKind: 'EA',
    services: [
      {
        name: 'Emploi en entreprise adaptée',
        type: 'accompagnement',
        themes: ['trouver-un-emploi--maintien-dans-lemploi'],
        publics: ['personnes-en-situation-de-handicap'],
        fees: 'gratuit',
      },
    ],
  },
  esat: {
    key: 'esat',
    name: 'ESAT {brand}',
    source: 'dora',
    networks: ['esat'],
    siaeKind: 'ESAT',
    services: [
      {
        name: 'Travail protégé en ESAT',
        type: 'accompagnement',
        themes: ['sante--constituer-un-dossier-mdph-invalidite', 'trouver-un-emploi--maintien-dans-lemploi'],
        publics: ['personnes-en-situation-de-handicap'],
        fees: 'gratuit',
      },
    ],
  },
};

/** Kinds the sandbox draws from once each commune has its public services. */
export const COMMON_KINDS: [StructureKind, number][] = [
  [STRUCTURE_KINDS.mediationNumerique!, 10],
  [STRUCTURE_KINDS.restos!, 6],
  [STRUCTURE_KINDS.accueilJour!, 4],
  [STRUCTURE_KINDS.mobilite!, 4],
  [STRUCTURE_KINDS.budget!, 4],
  [STRUCTURE_KINDS.aci!, 7],
  [STRUCTURE_KINDS.ei!, 6],
  [STRUCTURE_KINDS.etti!, 4],
  [STRUCTURE_KINDS.ai!, 5],
  [STRUCTURE_KINDS.geiq!, 2],
  [STRUCTURE_KINDS.ea!, 4],
  [STRUCTURE_KINDS.esat!, 4],
  [STRUCTURE_KINDS.laPoste!, 3],
];

/** Words the sandbox builds structure brands from. */
export const BRAND_WORDS = [
  'Le Relais',
  'Envie',
  'Tremplin',
  'Passerelle',
  'Les Jardins',
  'Recyclerie',
  'Horizon',
  'Ressources',
  'Élan',
  'Cap Avenir',
  'Solidarité',
  'Tisserands',
  'L’Atelier',
  'Bâtir Ensemble',
  'Trait d’Union',
  'Les Compagnons',
  'Défi',
  'Reflets',
  'Archipel',
  'Escale',
];
