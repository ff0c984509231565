/**
 * The Melodi datasets the typed statistics read (insee-melodi.md §6), by identifier only: their
 * vintages (period, geography year, last change) are read from the catalogue, never written here.
 */
export const LEGAL_POPULATIONS = 'DS_POPULATIONS_REFERENCE';
export const CENSUS_POPULATION = 'DS_RP_POPULATION_PRINC';
export const CENSUS_EMPLOYMENT = 'DS_RP_EMPLOI_LR_PRINC';
export const CENSUS_HOUSING = 'DS_RP_LOGEMENT_PRINC';
export const INCOME = 'DS_FILOSOFI_CC';
export const BIRTHS = 'DS_ETAT_CIVIL_NAIS_COMMUNES';
export const DEATHS = 'DS_ETAT_CIVIL_DECES_COMMUNES';
export const BUSINESS_CREATIONS = 'DS_SIDE_CREA_ENT_COM';

/** The datasets of the contract's typed figures, whose vintages the doctor checks. */
export const FIGURE_DATASETS = [LEGAL_POPULATIONS, CENSUS_POPULATION, CENSUS_EMPLOYMENT, CENSUS_HOUSING, INCOME, BIRTHS, DEATHS];
