import { describe, expect, it } from 'vitest';
import { COMMON_YEAR, NON_TERMINAL_YEAR } from '../../../sandbox/inserjeunes/reference.js';
import { sandboxWorld } from '../../../sandbox/world.js';
import { useSandbox } from '../../helpers/sandbox.js';
import { useInProcess } from '../../helpers/operation.js';

/*
 * A non-final year (a seconde, a première) has no InserJeunes figures of its own. Shared by
 * several diplomas (a common year of a famille de métiers), upstream answers it without figures
 * and with each final year's figures in `certificationsTerminales`: `terminalCertifications`.
 */

const sandbox = useSandbox();
const server = useInProcess(sandbox);
const world = () => sandboxWorld().inserJeunes;

const FORMATION = `query ($code: ID!, $region: String, $millesime: String) {
  formation(code: $code, region: $region, millesime: $millesime) {
    id code millesime finalYearStudents leavers employmentRate6Months furtherStudyRate otherRate6Months
    salary12Months { median }
    region { code }
    terminalCertifications {
      id code millesime label finalYearStudents employmentRate6Months furtherStudyRate
      region { code }
      terminalCertifications { code }
    }
  }
}`;

const noFigures = {
  finalYearStudents: null,
  leavers: null,
  employmentRate6Months: null,
  furtherStudyRate: null,
  otherRate6Months: null,
  salary12Months: null,
};

describe('Formation.terminalCertifications', () => {
  it('a common year: no figures of its own (null, never 0), each final year with its own', async () => {
    const { body } = await server().graphql(FORMATION, { code: COMMON_YEAR.mef11 });
    expect(body.errors).toBeUndefined();
    const formation = body.data.formation;
    expect(formation).toMatchObject({ code: COMMON_YEAR.mef11, millesime: '2024', ...noFigures });
    expect(formation.terminalCertifications.map((t: { code: string }) => t.code).sort()).toEqual([...COMMON_YEAR.terminales].sort());
    for (const terminal of formation.terminalCertifications) {
      const row = world().national.find((r) => r.code_certification === terminal.code && r.millesime === '2024')!;
      expect(terminal).toEqual({
        id: `national/${terminal.code}/2024`,
        code: terminal.code,
        millesime: '2024',
        label: row.libelle,
        finalYearStudents: row.stats.nb_annee_term,
        employmentRate6Months: row.stats.taux_en_emploi_6_mois,
        furtherStudyRate: row.stats.taux_en_formation,
        region: null,
        terminalCertifications: [],
      });
    }
  });

  it('in a region, the final years carry that region’s figures', async () => {
    const { body } = await server().graphql(FORMATION, { code: `MEFSTAT11:${COMMON_YEAR.mef11}`, region: '52' });
    expect(body.errors).toBeUndefined();
    const formation = body.data.formation;
    expect(formation).toMatchObject({ code: COMMON_YEAR.mef11, millesime: '2023_2024', region: { code: '52' }, ...noFigures });
    expect(formation.terminalCertifications).toHaveLength(COMMON_YEAR.terminales.length);
    for (const terminal of formation.terminalCertifications) {
      const row = world().regional.find(
        (r) => r.region!.code === '52' && r.code_certification === terminal.code && r.millesime === '2023_2024',
      )!;
      expect(terminal).toMatchObject({
        id: `regional/52/${terminal.code}/2023_2024`,
        region: { code: '52' },
        finalYearStudents: row.stats.nb_annee_term,
        employmentRate6Months: row.stats.taux_en_emploi_6_mois,
      });
    }
  });

  it('a non-final year with a single final year answers as that final year, with none listed', async () => {
    const { body } = await server().graphql(FORMATION, { code: NON_TERMINAL_YEAR.mef11, millesime: '2023' });
    expect(body.errors).toBeUndefined();
    const [terminal] = NON_TERMINAL_YEAR.terminales;
    const row = world().national.find((r) => r.code_certification === terminal && r.millesime === '2023')!;
    expect(body.data.formation).toMatchObject({
      code: terminal,
      finalYearStudents: row.stats.nb_annee_term,
      terminalCertifications: [],
    });
  });

  it('any other certification, and establishment lists, have an empty list', async () => {
    const { body } = await server().graphql(
      `{ formation(code: "40025214") { terminalCertifications { code } }
         formations(filter: { codes: ["40025214"], region: "52" }, first: 3) { nodes { terminalCertifications { code } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.formation.terminalCertifications).toEqual([]);
    expect(body.data.formations.nodes.length).toBeGreaterThan(0);
    for (const node of body.data.formations.nodes) expect(node.terminalCertifications).toEqual([]);
  });
});
