/**
 * Insee datasets the typed statistics read. Données locales is frozen (Insee points to Melodi),
 * so these are fixed: the legal-population vintages are tried newest first, and a 404 (a vintage
 * not published for the zone) is cached like any answer.
 */
export const LEGAL_POPULATION_VINTAGES = ['POPLEG2023', 'POPLEG2022', 'POPLEG2021', 'POPLEG2020', 'POPLEG2019', 'POPLEG2018'];
export const CENSUS = 'GEO2023RP2020';
export const BUSINESS_REGISTER = 'GEO2022REE2021';
export const INCOME = 'GEO2022FILO2020';

/** Year of the legal populations embedded in the official geography (@etalab/decoupage-administratif 6.0.0). */
export const GEOGRAPHY_POPULATION_YEAR = 2023;
