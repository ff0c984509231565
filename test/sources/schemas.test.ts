import { describe, expect, it } from 'vitest';
import { datasetSchema } from '../../src/sources/datagouv/schemas.js';
import { inseeCubeSchema } from '../../src/sources/insee/schemas.js';
import { siaeSchema } from '../../src/sources/lemarche/schemas.js';

describe('upstream validators absorb documented quirks and refuse broken bodies', () => {
  const cell = { Mesure: { code: 'POP' }, Modalite: [{ code: 'ENS', variable: 'SEXE' }], Valeur: '1563174.78939' };
  const cube = {
    Croisement: { JeuDonnees: { code: 'GEO2023RP2020', Annee: 2020 } },
    Zone: [{ codgeo: '75', nivgeo: 'DEP' }],
    Variable: [],
    Cellule: [cell],
  };

  it('reads Insee values as decimals, keeps "0", makes empty values null and wraps collapsed arrays', () => {
    expect(inseeCubeSchema.parse(cube).Cellule[0]!.Valeur).toBe(1563174.78939);
    expect(inseeCubeSchema.parse({ ...cube, Cellule: [{ ...cell, Valeur: '0' }] }).Cellule[0]!.Valeur).toBe(0);
    expect(inseeCubeSchema.parse({ ...cube, Cellule: [{ ...cell, Valeur: '' }] }).Cellule[0]!.Valeur).toBeNull();
    const collapsed = inseeCubeSchema.parse({
      ...cube,
      Zone: { codgeo: '75', nivgeo: 'DEP' },
      Cellule: { ...cell, Modalite: { code: 'ENS', variable: 'SEXE' } },
    });
    expect(collapsed.Cellule).toHaveLength(1);
    expect(collapsed.Cellule[0]!.Modalite).toEqual([{ code: 'ENS', variable: 'SEXE' }]);
    expect(inseeCubeSchema.safeParse({ ...cube, Cellule: [{ ...cell, Valeur: 'n/a' }] }).success).toBe(false);
    expect(inseeCubeSchema.safeParse({ unexpected: true }).success).toBe(false);
  });

  it('turns the Marché’s empty strings into nulls and ignores unknown fields', () => {
    const siae = siaeSchema.parse({
      id: 1,
      name: 'X',
      brand: '',
      slug: 'x-44',
      siret: '12345678901234',
      kind: 'EI',
      city: '',
      post_code: '44000',
      sectors: [],
      presta_types: [],
      networks: [],
      offers: [],
      labels_old: [],
      contact_email: 'gone@example.org',
    });
    expect(siae.brand).toBeNull();
    expect(siae.city).toBeNull();
    expect(siae.post_code).toBe('44000');
    expect(siae).not.toHaveProperty('contact_email');
  });

  it('accepts data.gouv.fr datasets across versions: v2 link objects, full-object zones and frequencies', () => {
    const v2 = datasetSchema.parse({
      id: 'a',
      title: 'T',
      slug: 't',
      resources: { rel: 'subsection', href: 'x', total: 3 },
      frequency: { id: 'monthly', label: 'Mensuelle' },
      spatial: { zones: [{ id: 'fr:commune:44109' }] },
    });
    expect(v2.resources).toEqual([]);
    expect(v2.frequency).toBe('monthly');
    expect(v2.spatial!.zones).toEqual(['fr:commune:44109']);
    expect(datasetSchema.safeParse({ id: 'a', slug: 't' }).success).toBe(false);
  });
});
