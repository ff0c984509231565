import { foldName } from '../product.js';
import type { DatagouvWorld, DatasetRecord } from './world.js';

/** The text a MongoDB text index matches: title, description and tags, without accents. */
function searchable(d: DatasetRecord): string {
  return foldName(`${d.title} ${d.description} ${d.tags.join(' ')}`);
}

/**
 * The datasets the simulator serves: the generated ones, and those created through the API
 * since the last reset (the sandbox user's, the only ones it may edit), newest creations first.
 */
export class DatasetCatalog {
  /** Datasets created through the API, in order of creation. */
  created: DatasetRecord[] = [];
  /** Search text of the generated datasets, computed once (created ones are few and change). */
  private readonly indexText: Map<string, string>;

  constructor(private readonly world: DatagouvWorld) {
    this.indexText = new Map(world.datasets.map((d) => [d.id, searchable(d)]));
  }

  all(): DatasetRecord[] {
    return [...this.created, ...this.world.datasets];
  }

  /** A dataset by id or current slug. */
  find(key: string): DatasetRecord | undefined {
    return this.all().find((d) => d.id === key || d.slug === key);
  }

  /** The dataset that had `slug` before a rename. */
  renamedFrom(slug: string): DatasetRecord | undefined {
    return this.all().find((d) => d.formerSlugs.includes(slug));
  }

  /** Whether the sandbox user created (and so owns) the dataset. */
  ownedByUser(dataset: DatasetRecord): boolean {
    return this.created.includes(dataset);
  }

  /** What the text search (`q`) matches words against. */
  searchText(d: DatasetRecord): string {
    return this.indexText.get(d.id) ?? searchable(d);
  }

  /** Forgets the created datasets. */
  reset(): void {
    this.created = [];
  }
}
