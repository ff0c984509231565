import { GraphQLError } from 'graphql';
import { geography, type Commune, type Epci } from '../../geography/index.js';
import { sliceConnection, windowOf } from '../../graphql/pagination.js';
import type { Resolvers } from '../generated/resolvers.js';
import { FRANCE, findZone, zoneCodeProblem } from './zones.js';

/** Communes found by name, postal code or department; every filter given narrows the list. */
function communesOf(args: { search?: string | null; postalCode?: string | null; department?: string | null }): readonly Commune[] {
  const g = geography();
  let found: readonly Commune[] = args.search
    ? g.searchCommunes(args.search)
    : args.postalCode
      ? g.communesOfPostalCode(args.postalCode)
      : args.department
        ? g.communesOfDepartment(args.department)
        : g.communes;
  if (args.postalCode) found = found.filter((c) => c.postalCodes.includes(args.postalCode!));
  if (args.department) found = found.filter((c) => c.departmentCode === args.department);
  return found;
}

/** EPCI with a member commune in the department (an EPCI may straddle two), or all of them. */
function epcisOf(department: string | null | undefined): readonly Epci[] {
  const g = geography();
  if (!department) return g.epcis;
  const inDepartment = new Set(g.communesOfDepartment(department).map((c) => c.epciCode));
  return g.epcis.filter((e) => inDepartment.has(e.code));
}

export const territoryQueries: Resolvers = {
  Query: {
    // A former commune's code answers the commune it was merged into.
    commune: (_parent, { code }) => geography().currentCommune(code) ?? null,
    communes: (_parent, args) => sliceConnection(communesOf(args), windowOf(args)),
    department: (_parent, { code }) => geography().department(code) ?? null,
    region: (_parent, { code }) => geography().region(code) ?? null,
    arrondissement: (_parent, { code }) => geography().arrondissement(code) ?? null,
    zone: (_parent, { level, code }) => {
      const problem = zoneCodeProblem(level, code);
      if (problem) throw new GraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT', problems: [problem] } });
      return findZone(level, code);
    },
    france: () => FRANCE,
    regions: (_parent, args) => sliceConnection(geography().regions, windowOf(args)),
    departments: (_parent, args) =>
      sliceConnection(
        args.region ? geography().departments.filter((d) => d.regionCode === args.region) : geography().departments,
        windowOf(args),
      ),
    epci: (_parent, { code }) => geography().epci(code) ?? null,
    epcis: (_parent, args) => sliceConnection(epcisOf(args.department), windowOf(args)),
  },
};
