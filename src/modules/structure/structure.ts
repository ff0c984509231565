import { geography } from '../../geography/index.js';
import type { Resolvers } from '../generated/resolvers.js';
import { siaeOfStructure, structureById } from './lookup.js';

export const structureResolvers: Resolvers = {
  Structure: {
    __resolveReference: (ref, context) => structureById(context, String(ref.id)),
    commune: (structure) => (structure.communeCode ? (geography().commune(structure.communeCode) ?? null) : null),
    // data·inclusion's site_web first, else the SIAE's contact_website (looked up when not merged yet).
    website: async (structure, _args, context) =>
      structure.website ??
      (structure.siae === undefined ? (await siaeOfStructure(context, structure))?.website : structure.siae?.website) ??
      null,
    siae: (structure, _args, context) => siaeOfStructure(context, structure),
  },
};
