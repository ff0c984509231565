import { geography } from '../../geography/index.js';
import type { Resolvers } from '../generated/resolvers.js';

export const departmentResolvers: Resolvers = {
  Department: {
    __resolveReference: (ref) => geography().department(String(ref.code)) ?? null,
    region: (department) => geography().region(department.regionCode)!,
    chefLieu: (department) => geography().commune(department.chefLieu) ?? null,
    arrondissements: (department) => [...geography().arrondissementsOfDepartment(department.code)],
  },
};
