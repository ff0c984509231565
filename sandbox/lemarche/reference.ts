import { slugify } from '../product.js';

/** SIAE kinds of the Marché, with their family. */
export const SIAE_KINDS = [
  { id: 'EI', name: "Entreprise d'insertion", parent: 'Insertion' },
  { id: 'AI', name: 'Association intermédiaire', parent: 'Insertion' },
  { id: 'ACI', name: "Atelier chantier d'insertion", parent: 'Insertion' },
  { id: 'ETTI', name: "Entreprise de travail temporaire d'insertion", parent: 'Insertion' },
  { id: 'EITI', name: "Entreprise d'insertion par le travail indépendant", parent: 'Insertion' },
  { id: 'GEIQ', name: "Groupement d'employeurs pour l'insertion et la qualification", parent: 'Insertion' },
  { id: 'SEP', name: 'Produits et services réalisés en prison', parent: 'Insertion' },
  { id: 'EA', name: 'Entreprise adaptée', parent: 'Handicap' },
  { id: 'EATT', name: 'Entreprise adaptée de travail temporaire', parent: 'Handicap' },
  { id: 'ESAT', name: "Etablissement et service d'aide par le travail", parent: 'Handicap' },
] as const;

export const PRESTA_TYPES = [
  { id: 'DISP', name: 'Mise à disposition - Interim' },
  { id: 'PREST', name: 'Prestation de service' },
  { id: 'BUILD', name: 'Fabrication et commercialisation de biens' },
];

export const PERIMETER_KINDS = [
  { id: 'CITY', name: 'Commune' },
  { id: 'DEPARTMENT', name: 'Département' },
  { id: 'REGION', name: 'Région' },
];

export const TENDER_KINDS = [
  { id: 'TENDER', name: "Appel d'offres" },
  { id: 'QUOTE', name: 'Demande de devis' },
  { id: 'PROJ', name: 'Sourcing' },
];

export const TENDER_AMOUNTS = [
  '0-1K',
  '1-5K',
  '5-10K',
  '10-15K',
  '15-20K',
  '20-30K',
  '30-50K',
  '50-100K',
  '100-150K',
  '150-250K',
  '250-500K',
  '500-750K',
  '750K-1M',
  '>1M',
].map((id) => ({ id, name: id }));

// Activity sectors by group; more than one default page (100), as on the real service.
const SECTOR_GROUPS: Record<string, string[]> = {
  Bâtiment: [
    'Gros œuvre',
    'Second œuvre',
    'Peinture',
    'Plomberie',
    'Électricité',
    'Menuiserie',
    'Démolition',
    'Rénovation énergétique',
    'Isolation',
  ],
  'Espaces verts et agriculture': [
    "Entretien d'espaces verts",
    'Maraîchage',
    'Élagage',
    'Paysagisme',
    'Apiculture',
    'Horticulture',
    'Viticulture',
  ],
  'Nettoyage et propreté': ['Nettoyage de locaux', 'Nettoyage industriel', 'Vitrerie', 'Désinfection', 'Nettoyage de véhicules'],
  Restauration: ['Restauration collective', 'Traiteur', 'Plateaux repas', 'Cafétéria', 'Boulangerie', 'Légumerie', 'Conserverie'],
  Logistique: [
    'Manutention',
    'Transport de marchandises',
    'Déménagement',
    'Livraison à vélo',
    'Entreposage',
    'Conditionnement',
    'Emballage',
  ],
  'Recyclage et environnement': [
    'Collecte des déchets',
    'Recyclage textile',
    'Réemploi',
    'Démantèlement DEEE',
    'Recyclerie',
    'Compostage',
    'Tri sélectif',
  ],
  Textile: ['Couture', 'Retouche', 'Blanchisserie', 'Confection', 'Broderie', 'Sérigraphie textile'],
  'Services aux entreprises': ['Accueil', 'Secrétariat', 'Numérisation', 'Saisie de données', 'Routage', 'Archivage', "Centre d'appels"],
  'Informatique et numérique': [
    'Reconditionnement informatique',
    'Développement web',
    'Maintenance informatique',
    'Test logiciel',
    'Formation au numérique',
  ],
  Industrie: ['Sous-traitance industrielle', 'Assemblage', 'Câblage', 'Métallerie', 'Usinage', 'Mécanique', 'Plasturgie'],
  'Services à la personne': ['Aide à domicile', "Garde d'enfants", 'Petits travaux', 'Repassage', 'Portage de repas'],
  'Communication et impression': ['Imprimerie', 'Reprographie', 'Signalétique', 'Objets publicitaires', 'Graphisme'],
  Mobilité: ['Garage solidaire', 'Location de véhicules', 'Réparation de vélos', 'Transport de personnes', 'Auto-école sociale'],
  Événementiel: ['Montage de stands', 'Location de matériel', "Sécurité d'événements", 'Billetterie'],
  'Bois et ameublement': ['Ébénisterie', 'Fabrication de palettes', 'Mobilier', "Tapisserie d'ameublement"],
  Sécurité: ['Gardiennage', 'Surveillance', 'Sécurité incendie'],
  'Tourisme et culture': ['Hébergement touristique', 'Visites guidées', 'Reliure', 'Ateliers artistiques'],
  'Santé et hygiène': [
    "Fabrication de produits d'hygiène",
    'Collecte de dispositifs médicaux',
    'Blanchisserie hospitalière',
    'Stérilisation',
    'Aide aux soins',
  ],
};

export interface Sector {
  name: string;
  slug: string;
  group: { name: string; slug: string } | null;
}

export const SECTORS: Sector[] = [
  ...Object.entries(SECTOR_GROUPS).flatMap(([group, names]) =>
    names.map((name) => ({ name, slug: slugify(name), group: { name: group, slug: slugify(group) } })),
  ),
  { name: 'Autre', slug: 'autre', group: null },
].sort((a, b) => a.name.localeCompare(b.name, 'fr'));

export const NETWORKS = [
  {
    name: "Fédération des entreprises d'insertion",
    brand: "Les entreprises d'insertion",
    website: 'https://www.lesentreprisesdinsertion.org',
  },
  { name: 'Coorace', brand: '', website: 'https://www.coorace.org' },
  { name: 'Chantier école', brand: '', website: 'https://chantierecole.org' },
  { name: 'Emmaüs France', brand: 'Emmaüs', website: '' },
  { name: 'Le Relais', brand: '', website: '' },
  { name: 'Envie', brand: 'Fédération Envie', website: '' },
  { name: 'UNEA', brand: 'Union nationale des entreprises adaptées', website: 'https://www.unea.fr' },
  { name: 'Réseau Cocagne', brand: 'Jardins de Cocagne', website: '' },
  { name: 'GESAT', brand: 'Réseau Gesat', website: 'https://www.reseau-gesat.com' },
  { name: 'Tissons la solidarité', brand: '', website: '' },
].map((n) => ({ ...n, slug: slugify(n.name) }));

/** Marché region names (not codes), keyed by Insee region code. */
export const REGION_NAMES: Record<string, string> = {
  '84': 'Auvergne-Rhône-Alpes',
  '27': 'Bourgogne-Franche-Comté',
  '53': 'Bretagne',
  '24': 'Centre-Val de Loire',
  '94': 'Corse',
  '44': 'Grand Est',
  '01': 'Guadeloupe',
  '03': 'Guyane',
  '32': 'Hauts-de-France',
  '11': 'Île-de-France',
  '04': 'La Réunion',
  '02': 'Martinique',
  '06': 'Mayotte',
  '28': 'Normandie',
  '75': 'Nouvelle-Aquitaine',
  '76': 'Occitanie',
  '52': 'Pays de la Loire',
  '93': "Provence-Alpes-Côte d'Azur",
};
export const OVERSEAS_COLLECTIVITIES = "Collectivités d'outre-mer";
