import { filterOf, pages, type ModuleCosts } from '../../graphql/upstream-cost.js';
import { isMarcheId } from '../structure/costs.js';

/**
 * A structure's services come from one data·inclusion detail per structure
 * (`structures(first: 50) { nodes { services } }` is 51 calls); services found around a commune,
 * or read by id, come with their structure.
 */
export const serviceCosts: ModuleCosts = {
  fields: {
    'Structure.services': { calls: () => ({ 'data-inclusion': 1 }) },
    'Query.service': { calls: () => ({ 'data-inclusion': 1 }), loads: () => ({ structure: true }) },
    'Query.services': {
      calls: (args) => {
        const filter = filterOf(args);
        if (typeof filter.structure === 'string') return isMarcheId(filter.structure) ? { lemarche: 1 } : { 'data-inclusion': 1 };
        return { 'data-inclusion': pages(args) };
      },
      loads: (args) => ({ structure: typeof filterOf(args).commune === 'string' }),
    },
    'Commune.services': { calls: (args) => ({ 'data-inclusion': pages(args) }), loads: () => ({ structure: true }) },
    'Service.structure': { calls: (_args, loaded) => ({ 'data-inclusion': loaded.structure ? 0 : 1 }) },
  },
  entities: { Service: { calls: () => ({ 'data-inclusion': 1 }), loads: { structure: true } } },
};
