import { describe, expect, it } from 'vitest';
import { geography } from '../../../src/geography/index.js';
import { sandboxWorld } from '../../../sandbox/world.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { useInProcess } from '../../helpers/operation.js';

const sandbox = useSandbox();
const server = useInProcess(sandbox);

const visibleSiaes = () => sandboxWorld().marche.siaes.filter((s) => s.kind !== 'OPCS');

/** A data·inclusion structure without site_web whose one SIAE (same SIRET, same department) has a website. */
function structureWithSiaeWebsite() {
  const siaes = visibleSiaes();
  for (const record of sandboxWorld().dataInclusion.structures) {
    const s = record.structure;
    if (record.cluster || s.site_web !== null || !s.siret || !s.code_insee) continue;
    const twins = siaes.filter((siae) => siae.siret === s.siret);
    const department = geography().commune(s.code_insee)!.departmentCode;
    if (twins.length === 1 && twins[0]!.contact_website !== '' && twins[0]!.department === department) return { record, siae: twins[0]! };
  }
  throw new Error('no such structure in the sandbox');
}

describe('the Marché’s contact_website', () => {
  it('is the website of a structure the Marché alone knows', async () => {
    const withSite = visibleSiaes().find((s) => s.contact_website !== '')!;
    const withoutSite = visibleSiaes().find((s) => s.contact_website === '')!;
    const { body } = await server().graphql(
      `query ($a: ID!, $b: ID!) { a: structure(id: $a) { website } b: structure(id: $b) { website } }`,
      {
        a: `marche--${withSite.id}`,
        b: `marche--${withoutSite.id}`,
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ a: { website: withSite.contact_website }, b: { website: null } });
  });

  it('fills the website a data·inclusion structure lacks, in a territory’s list and by id', async () => {
    const { record, siae } = structureWithSiaeWebsite();
    const { body } = await server().graphql(
      `query ($commune: String!, $id: ID!) {
        structures(filter: { commune: $commune }, first: 100) { nodes { id website sources } }
        structure(id: $id) { website }
      }`,
      { commune: record.structure.code_insee, id: record.structure.id },
    );
    expect(body.errors).toBeUndefined();
    const node = body.data.structures.nodes.find((n: { id: string }) => n.id === record.structure.id);
    expect(node).toEqual({ id: record.structure.id, website: siae.contact_website, sources: ['DATA_INCLUSION', 'MARCHE'] });
    expect(body.data.structure.website).toBe(siae.contact_website);
  });

  it('gives way to data·inclusion’s own site_web', async () => {
    const siaes = visibleSiaes();
    const record = sandboxWorld().dataInclusion.structures.find(
      (r) =>
        !r.cluster &&
        r.structure.site_web &&
        siaes.some((s) => s.siret === r.structure.siret && s.contact_website !== '' && s.contact_website !== r.structure.site_web),
    )!;
    const { body } = await server().graphql(`query ($id: ID!) { structure(id: $id) { website siae { id } } }`, { id: record.structure.id });
    expect(body.errors).toBeUndefined();
    expect(body.data.structure.siae).not.toBeNull();
    expect(body.data.structure.website).toBe(record.structure.site_web);
  });
});
