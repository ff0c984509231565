import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { sandboxWorld } from '../../sandbox/world.js';
import { siaeFromMarche, structureFromMarche } from '../../src/modules/structure/from-marche.js';
import { marchePageSchema, siaeListSchema } from '../../src/sources/lemarche/schemas.js';
import { example, exampleFiles, examplesAvailable, shapeDifferences } from '../helpers/examples.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * The recorded answers of the Marché de l'inclusion (examples/lemarche, read in place) against
 * our client and our sandbox.
 *
 * The SIREN recording is of December 2024, when an anonymous caller got the reduced list
 * serializer (`presta_type`, no sectors, networks, offers or labels). Today every SIAE route
 * answers the detail serializer (gip-inclusion/le-marche: lemarche/api/siaes/serializers.py,
 * `SiaeDetailSerializer`; views.py `_list_return`). Our choice: the client parses both (what
 * the 2024 body lacks reads as empty lists), the sandbox follows the current API, and the
 * test pins the exact differences between the two.
 */

const SOURCE = 'lemarche';
const FILES = {
  kinds: 'siae.kinds.200.json',
  siren2024: 'siae.siren.533744991.200.2024-12.json',
} as const;

const recorded = (file: keyof typeof FILES) => example(SOURCE, FILES[file]);

/** What the current detail serializer has that the 2024 list serializer had not, and back. */
const SERIALIZER_CHANGES_SINCE_2024 = [
  '[].presta_type: missing',
  '[].contact_social_website: not in the recording',
  '[].is_qpv: not in the recording',
  '[].sectors: not in the recording',
  '[].presta_types: not in the recording',
  '[].networks: not in the recording',
  '[].offers: not in the recording',
  '[].client_references: not in the recording',
  '[].labels_old: not in the recording',
];

describe.skipIf(!examplesAvailable)('Marché de l’inclusion against its recordings', () => {
  const sandbox = useSandbox();
  const marche = (path: string) =>
    getJson(`${sandbox().urls.lemarche}${path}`, { authorization: `Bearer ${sandbox().credentials.lemarcheToken}` });

  it('covers every recorded file', () => {
    expect(exampleFiles(SOURCE)).toEqual(Object.values(FILES).sort());
  });

  it('SIAE by SIREN (2024 list serializer): parsed, and mapped to its name, brand, kind, website, address and commune', () => {
    const raw = recorded('siren2024');
    const [siae] = siaeListSchema.parse(raw);
    const item = raw[0];
    const mapped = siaeFromMarche(siae!);
    expect(mapped).toEqual({
      id: String(item.id),
      name: item.name,
      brand: item.brand,
      kind: item.kind,
      siret: item.siret,
      sectors: [],
      networks: [],
      isActive: item.is_active,
      address: {
        street: item.address,
        postalCode: item.post_code,
        city: item.city,
        communeCode: expect.any(String),
        latitude: null,
        longitude: null,
      },
      department: item.department,
      offers: [],
      labels: [],
      updatedAt: item.updated_at,
      website: item.contact_website,
    });
    // The free-text address is located: the commune (an arrondissement in Marseille) of the postal code.
    const commune = geography().commune(mapped.address.communeCode!)!;
    expect(commune.postalCodes).toContain(item.post_code);
    expect(commune.departmentCode).toBe(item.department);
    expect(structureFromMarche(mapped)).toMatchObject({ id: `marche--${item.id}`, name: item.brand, website: item.contact_website });
  });

  it('SIAE by SIREN: the sandbox answers a bare array in the current serializer’s shape, which differs from 2024’s exactly so', async () => {
    const raw = recorded('siren2024');
    const siae = sandboxWorld().marche.siaes.find((s) => s.kind !== 'OPCS' && s.updated_at !== null)!;
    const served = await marche(`/api/siae/siren/${siae.siret.slice(0, 9)}/`);
    expect(served.status).toBe(200);
    expect(Array.isArray(served.body)).toBe(true);
    expect(shapeDifferences(raw, served.body, ['[].updated_at']).sort()).toEqual([...SERIALIZER_CHANGES_SINCE_2024].sort());
    // Both parse: the client reads either serializer.
    expect(siaeListSchema.safeParse(served.body).success).toBe(true);
  });

  it('SIAE kinds: the limit/offset envelope around a short list; the sandbox serves the same kinds', async () => {
    const raw = recorded('kinds');
    expect(marchePageSchema(z.object({ id: z.string(), name: z.string(), parent: z.string() })).safeParse(raw).success).toBe(true);
    const served = await marche('/api/siae/kinds/');
    expect(served.status).toBe(200);
    expect(shapeDifferences(raw, served.body)).toEqual([]);
    expect(served.body).toEqual(raw);
  });
});
