import { describe, expect, it } from 'vitest';
import { vintageOf } from '../../src/sources/melodi/client.js';
import { parseGeo, rowOf } from '../../src/sources/melodi/observations.js';
import { catalogEntrySchema, catalogSchema, dataPageSchema } from '../../src/sources/melodi/schemas.js';
import { example, exampleFiles, examplesAvailable } from '../helpers/examples.js';

/*
 * Every recorded Melodi answer (examples/insee-melodi, read in place) through our schemas and
 * row reading: skipped where the recordings are absent.
 */
const SOURCE = 'insee-melodi';
const files = exampleFiles(SOURCE);
const dataFiles = files.filter((f) => f.startsWith('data_'));

describe.skipIf(!examplesAvailable)('Melodi recordings read by the client', () => {
  it.each(dataFiles)('%s parses, every value a number or null, every GEO split', (file) => {
    const page = dataPageSchema.parse(example(SOURCE, file));
    for (const row of page.observations.map(rowOf)) {
      expect(row.geo?.level).toMatch(/^[A-Z0-9]+$/);
      expect(row.geo?.year).toBeGreaterThan(2000);
      expect(row.value === null || typeof row.value === 'number').toBe(true);
      expect(row.dimensions).not.toHaveProperty('GEO');
    }
  });

  it('reads the 2023 legal populations of Nantes from the January 2026 recording', () => {
    const rows = dataPageSchema.parse(example(SOURCE, 'data_popref_COM-44109_20260130.json')).observations.map(rowOf);
    const by = Object.fromEntries(rows.map((r) => [r.dimensions.POPREF_MEASURE, r]));
    expect(by.PMUN?.value).toBe(327734);
    expect(by.PCAP?.value).toBe(4781);
    expect(by.PTOT?.value).toBe(332515);
    expect(by.PMUN?.dimensions.TIME_PERIOD).toBe('2023');
    expect(by.PMUN?.geo).toEqual({ year: 2025, level: 'COM', code: '44109' });
    expect(by.PMUN?.measure).toBe('OBS_VALUE_NIVEAU');
  });

  it('reads a pretty-printed answer in another key order, its measure under another name and its statuses', () => {
    const [row] = dataPageSchema.parse(example(SOURCE, 'data_DS_IPC_PRINC_DEP-974_20260316.json')).observations.map(rowOf);
    expect(row).toMatchObject({ geo: { year: 2025, level: 'DEP', code: '974' }, measure: 'OBS_VALUE_INDICE_DE_PRIX', value: 99.14 });
    expect(row!.status).toBe('CONF_STATUS=F OBS_STATUS=A');
  });

  it('reads both paging forms: 2026 {first, count} and 2025 {first, next, last, isLast, count} or {}', () => {
    expect(dataPageSchema.parse(example(SOURCE, 'data_popref_COM-44109_count_20260130.json')).paging).toMatchObject({ count: 3 });
    const old = dataPageSchema.parse(example(SOURCE, 'data_popref_COM-44109_count_20250219.json')).paging;
    expect(old).toMatchObject({ isLast: false, count: 9 });
    expect(dataPageSchema.parse(example(SOURCE, 'data_popref_TIME_PERIOD-1900_empty_count_20250219.json')).paging).toEqual({ count: 0 });
  });

  it('finds each dataset’s latest vintage in the catalogue: period, geography year, modified, levels', () => {
    const catalog = catalogSchema.parse(example(SOURCE, 'catalog_all_20260106_SUBSET.json'));
    const popref = vintageOf(catalog.find((e) => e.identifier === 'DS_POPULATIONS_REFERENCE')!);
    expect(popref).toMatchObject({ period: '2023', geographyYear: 2025, modified: '2025-12-18T12:00:16' });
    expect(popref!.levels).toContain('COM');
    expect(popref!.levels).not.toContain('EPCI');
    expect(vintageOf(catalog.find((e) => e.identifier === 'DS_RP_POPULATION_PRINC')!)!.period).toBe('2022');
    expect(catalogSchema.parse(example(SOURCE, 'catalog_all_empty_20250219.json'))).toEqual([]);
    expect(vintageOf(catalogEntrySchema.parse(example(SOURCE, 'catalog_DS_EC_DECES_20260106.json')))?.dataset).toBe('DS_EC_DECES');
  });
});

describe('Melodi values never turn into 0', () => {
  const observation = (measures: unknown, attributes?: Record<string, string>) =>
    rowOf(dataPageSchema.parse({ observations: [{ dimensions: { GEO: '2025-COM-44109' }, measures, attributes }] }).observations[0]!);

  it('reads an absent, empty or null measure, and a missing or confidential status, as null', () => {
    expect(observation(undefined).value).toBeNull();
    expect(observation({}).value).toBeNull();
    expect(observation({ OBS_VALUE_NIVEAU: {} }).value).toBeNull();
    expect(observation({ OBS_VALUE_NIVEAU: { value: null } }).value).toBeNull();
    expect(observation({ OBS_VALUE_NIVEAU: { value: 0 } }, { CONF_STATUS: 'C' }).value).toBeNull();
    expect(observation({ OBS_VALUE_NIVEAU: { value: 0 } }, { OBS_STATUS: 'O' }).value).toBeNull();
    expect(observation({ OBS_VALUE_NIVEAU: { value: 0 } }, { OBS_STATUS: 'A' }).value).toBe(0);
  });

  it('splits GEO with or without its vintage', () => {
    expect(parseGeo('2025-FRANCE-F')).toEqual({ year: 2025, level: 'FRANCE', code: 'F' });
    expect(parseGeo('COM-2A004')).toEqual({ year: null, level: 'COM', code: '2A004' });
    expect(parseGeo('ZE2020-5213')).toEqual({ year: null, level: 'ZE2020', code: '5213' });
    expect(parseGeo('2025-ZE2020-52-13')).toEqual({ year: 2025, level: 'ZE2020', code: '52-13' });
    expect(parseGeo('2025-COM')).toEqual({ year: null, level: '2025', code: 'COM' });
    expect(parseGeo('F')).toBeNull();
  });

  it('keeps the dimensions but GEO in their order, the first measure, and each status given', () => {
    const row = rowOf({
      dimensions: { FREQ: 'A', GEO: '2025-COM-44109', TIME_PERIOD: '2023', AGE: '_T' },
      measures: { OBS_VALUE_NIVEAU: 12, OTHER: 13 },
    });
    expect(Object.entries(row.dimensions)).toEqual([
      ['FREQ', 'A'],
      ['TIME_PERIOD', '2023'],
      ['AGE', '_T'],
    ]);
    expect(row).toMatchObject({ measure: 'OBS_VALUE_NIVEAU', value: 12, status: null });
    expect(observation(undefined).measure).toBe('OBS_VALUE');
    expect(observation({ M: { value: 1 } }, { OBS_STATUS: 'A', UNIT: 'x' }).status).toBe('OBS_STATUS=A');
    expect(observation({ M: { value: 1 } }, { CONF_STATUS: 'F' }).status).toBe('CONF_STATUS=F');
    expect(rowOf({ dimensions: { FREQ: 'A' } }).geo).toBeNull();
  });
});

describe('Melodi observations off their contract', () => {
  const issuePath = (observation: unknown) => dataPageSchema.safeParse({ observations: [observation] }).error?.issues[0]?.path;

  it('refuses a code or attribute that is not a string, or a measure that is not an object, naming where', () => {
    expect(issuePath({ dimensions: { GEO: '2025-COM-44109', TIME_PERIOD: 2023 } })).toEqual([
      'observations',
      0,
      'dimensions',
      'TIME_PERIOD',
    ]);
    expect(issuePath({ dimensions: {}, attributes: { OBS_STATUS: null } })).toEqual(['observations', 0, 'attributes', 'OBS_STATUS']);
    expect(issuePath({ dimensions: {}, measures: { OBS_VALUE: 3 } })).toEqual(['observations', 0, 'measures', 'OBS_VALUE']);
    expect(issuePath({ dimensions: ['2025-COM-44109'] })).toEqual(['observations', 0, 'dimensions']);
    expect(issuePath({ dimensions: { GEO: '2025-COM-44109' }, measures: { OBS_VALUE: null } })).toBeUndefined();
  });
});
