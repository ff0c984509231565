/** What services resolve from; defined beside the structure's model, which holds a structure's services. */
export type { ServiceModel } from '../structure/models.js';
