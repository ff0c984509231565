import type { FastifyInstance } from 'fastify';
import {
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  THEMATIQUES,
  TYPES_SERVICES,
} from '../../product.js';
import type { DataInclusionContext } from '../context.js';

/** The producers whose data data·inclusion gathers. */
const SOURCES = [
  'action-logement',
  'agefiph',
  'cd35',
  'dora',
  'emplois-de-linclusion',
  'france-travail',
  'mission-locale',
  'mediation-numerique',
  'mes-aides',
  'monenfant',
  'reseau-alpha',
  'soliguide',
  'fredo',
  'carif-oref',
  'ma-boussole-aidants',
  'finess',
];

/** The referentials `/api/v1/doc/…` documents, by their path. */
const REFERENTIALS: Record<string, readonly string[]> = {
  frais: FRAIS,
  'modes-accueil': MODES_ACCUEIL,
  'modes-mobilisation': MODES_MOBILISATION,
  'personnes-mobilisatrices': PERSONNES_MOBILISATRICES,
  publics: PUBLICS,
  'reseaux-porteurs': RESEAUX_PORTEURS,
  thematiques: THEMATIQUES,
  'types-services': TYPES_SERVICES,
};

/** A value's label as the API derives it: the last part of the slug, in words, capitalised. */
function humanLabel(value: string): string {
  const last = value.split('--').pop()!.replace(/-/g, ' ');
  return last.charAt(0).toUpperCase() + last.slice(1);
}

/** `/api/v1/sources` (authenticated) and the public referentials of `/api/v1/doc/…`. */
export function registerReferenceRoutes(app: FastifyInstance, { authenticate }: DataInclusionContext): void {
  app.get('/api/v1/sources', async (request, reply) => {
    if (!authenticate(request, reply)) return reply;
    return SOURCES.map((slug) => ({ slug, nom: humanLabel(slug), description: null }));
  });

  app.get('/api/v1/doc/:referential', async (request, reply) => {
    const values = REFERENTIALS[(request.params as { referential: string }).referential];
    if (!values) return reply.code(404).send({ detail: 'Not Found' });
    return [...values].sort().map((value) => ({ value, label: humanLabel(value), description: null }));
  });
}
