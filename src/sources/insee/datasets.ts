/**
 * Insee datasets the typed statistics read. Données locales is frozen (Insee points to Melodi),
 * so these are fixed, and only vintages known to be published are ever asked: each guess that
 * 404s spends one call of Insee's 30 a minute.
 *
 * Legal populations: what Données locales publishes is known only from
 * - Insee's own catalogue bundled by pynsee (Feb 2022):
 *   InseeFrLab/pynsee@8e202710725cf7ee7d28b4e4be51941a54fd2200:pynsee/localdata/data/local_metadata.zip
 *   (local_metadata/doc_Popleg_millesime.csv) lists POPLEG2006 to POPLEG2018;
 * - a client run over every commune, which stops only on an answer, asking POPLEG2006 to POPLEG2019:
 *   data-fair/processing-recensement@04a8328463bb35a0842c75ade0dd20228f5678d4:lib/process.js;
 * - a recording of the current gateway (2024-12-17) answering POPLEG2020:
 *   InseeFrLab/inseeLocalData@2e7dbe96049643eaff0016d4550c9fd8f1e05d68:tests/fixtures/popleg2020-com-44115.yml.
 * No client, issue or recording shows POPLEG2021 or later. So one vintage is asked, the newest
 * known: a commune costs one call, and one it lacks (created since that vintage's geography)
 * has no legal population rather than a walk through older vintages that lack it too.
 */
export const LEGAL_POPULATION_VINTAGE = 'POPLEG2020';
/** The legal-population vintages the client asks for (the doctor checks the first). */
export const LEGAL_POPULATION_VINTAGES: readonly string[] = [LEGAL_POPULATION_VINTAGE];
