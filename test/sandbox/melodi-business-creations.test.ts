import { describe, expect, it } from 'vitest';
import { geography } from '../../src/geography/index.js';
import { example, examplesAvailable, shapeDifferences } from '../helpers/examples.js';
import { getJson, useSandbox } from '../helpers/sandbox.js';

/*
 * DS_SIDE_CREA_ENT_COM (business creations) as the Melodi simulator serves it: answers of the
 * shape of Melodi's recorded ones, and figures Insee's way, totals `_T` beside their details on
 * both breakdowns (activity, legal form), larger zones the sums of their communes. What is known
 * of the real dataset, and what is a guess: sandbox/melodi/business-creations.ts.
 */

const sandbox = useSandbox({ melodiQuota: { limit: 1000, windowMs: 60_000 } });
const DATASET = 'DS_SIDE_CREA_ENT_COM';

interface Observation {
  dimensions: Record<string, string>;
  attributes?: Record<string, string>;
  measures: { OBS_VALUE_NIVEAU: { value: number } };
}

async function data(query: string): Promise<{ observations: Observation[] } & Record<string, unknown>> {
  const { status, body } = await getJson(`${sandbox().env.MELODI_URL}/data/${DATASET}?${query}`);
  expect(status).toBe(200);
  return body;
}

async function latestYear(): Promise<string> {
  const { body } = await getJson(`${sandbox().env.MELODI_URL}/catalog/${DATASET}`);
  return body.temporal.endPeriod.slice(0, 4);
}

const valueOf = (o: Observation) => o.measures.OBS_VALUE_NIVEAU.value;
const total = (list: Observation[]) => list.reduce((sum, o) => sum + valueOf(o), 0);
/** An observation's codes but GEO's. */
const comboOf = (o: Observation) =>
  Object.entries(o.dimensions)
    .filter(([name]) => name !== 'GEO')
    .map(([name, code]) => `${name}=${code}`)
    .join('&');
/** Observations without their dimensions' names, which differ from one dataset to another. */
const withoutDimensionNames = (answer: { observations: Observation[] }) => ({
  ...answer,
  observations: answer.observations.map(({ dimensions, ...rest }) => ({ ...rest, dimensions: { GEO: dimensions.GEO } })),
});

describe.skipIf(!examplesAvailable)('Melodi simulator: DS_SIDE_CREA_ENT_COM, against recorded payloads', () => {
  it('answers /data with the keys and types of a recorded answer: string codes, string attributes, a numeric measure', async () => {
    const recorded = example('insee-melodi', 'data_popref_COM-44109_20260130.json');
    const answer = await data(`FREQ=A&GEO=COM-44109&TIME_PERIOD=${await latestYear()}&idTerritoire=TRUE&maxResult=100000`);
    expect(answer.observations).toHaveLength(50);
    const { observations: withAttributes, ...rest } = withoutDimensionNames(answer);
    expect(
      shapeDifferences(withoutDimensionNames(recorded), { ...rest, observations: withAttributes.map(({ attributes: _, ...o }) => o) }),
    ).toEqual([]);
    // Attributes as the recorded DS_IPC_PRINC answer writes them: strings.
    const ipcAttributes = example('insee-melodi', 'data_DS_IPC_PRINC_DEP-974_20260316.json').observations[0].attributes;
    for (const o of answer.observations) {
      expect(o.dimensions.GEO).toMatch(/^2025-COM-44109$/);
      for (const code of Object.values(o.dimensions)) expect(typeof code).toBe('string');
      expect(shapeDifferences({ OBS_STATUS: ipcAttributes.OBS_STATUS }, o.attributes)).toEqual([]);
    }
  });

  it('counts with totalCount=TRUE&maxResult=0 as recorded, and has a catalogue entry of the recorded SIDE entry’s shape', async () => {
    const recordedCount = example('insee-melodi', 'data_popref_COM-44109_count_20260130.json');
    const count = await data('FREQ=A&GEO=COM-44109&totalCount=TRUE&maxResult=0');
    expect(shapeDifferences(withoutDimensionNames(recordedCount), withoutDimensionNames(count))).toEqual([]);
    const recordedEntry = example<any[]>('insee-melodi', 'catalog_all_20260106_SUBSET.json').find(
      (e) => e.identifier === 'DS_SIDE_STOCKS_ET_COM',
    );
    const { body: entry } = await getJson(`${sandbox().env.MELODI_URL}/catalog/${DATASET}`);
    // `relations` aside: the recording's own lists there mix `{lang, content}` and `{lang}` items.
    const withoutRelations = ({ relations: _, ...rest }: Record<string, unknown>) => rest;
    expect(shapeDifferences(withoutRelations(recordedEntry), withoutRelations(entry))).toEqual([]);
  });
});

describe('Melodi simulator: DS_SIDE_CREA_ENT_COM figures', () => {
  it('serves activity and legal form with their totals `_T`, each total the sum of its details', async () => {
    const list = (await data(`GEO=COM-44109&TIME_PERIOD=${await latestYear()}`)).observations;
    const at = (activity: string, form: string) =>
      valueOf(list.find((o) => o.dimensions.ACTIVITY === activity && o.dimensions.LEGAL_FORM === form)!);
    const activities = [...new Set(list.map((o) => o.dimensions.ACTIVITY!))].filter((c) => c !== '_T');
    const forms = [...new Set(list.map((o) => o.dimensions.LEGAL_FORM!))].filter((c) => c !== '_T');
    expect(activities).toEqual(['BE', 'FZ', 'GI', 'JZ', 'KZ', 'LZ', 'MN', 'OQ', 'RU']);
    expect(forms).toEqual(['10', '54', '57', 'OTH_SIDE']);
    expect(new Set(list.map((o) => o.dimensions.SIDE_MEASURE))).toEqual(new Set(['BURE']));
    for (const activity of [...activities, '_T']) expect(at(activity, '_T')).toBe(forms.reduce((s, f) => s + at(activity, f), 0));
    for (const form of [...forms, '_T']) expect(at('_T', form)).toBe(activities.reduce((s, a) => s + at(a, form), 0));
    for (const o of list) expect(Number.isInteger(valueOf(o))).toBe(true);
  });

  it('sums a department’s communes into it, and creates about 1.6 % of the population a year', async () => {
    const year = await latestYear();
    const communes = (await data(`GEO=DEP-44*COM&TIME_PERIOD=${year}&maxResult=100000`)).observations;
    const department = (await data(`GEO=DEP-44&TIME_PERIOD=${year}`)).observations;
    expect(department).toHaveLength(50);
    for (const o of department) {
      expect(valueOf(o), comboOf(o)).toBe(total(communes.filter((c) => comboOf(c) === comboOf(o))));
    }
    const all = department.find((o) => o.dimensions.ACTIVITY === '_T' && o.dimensions.LEGAL_FORM === '_T')!;
    const population = geography()
      .communesOfDepartment('44')
      .reduce((sum, c) => sum + (c.population ?? 0), 0);
    // Insee: 1.17 million creations in 2025 for 68 million inhabitants.
    expect(valueOf(all) / population).toBeGreaterThan(0.01);
    expect(valueOf(all) / population).toBeLessThan(0.025);
  });
});
