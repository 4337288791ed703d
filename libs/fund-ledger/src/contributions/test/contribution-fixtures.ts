import { ContributionRatesSet, ContributionRatesSnapshot } from '../contributions.events';

export const POOLED = 'SY-EMP-POOL';
export const PERSONAL = 'SY-EMP-PERS';
export const MATERNITY = 'SY-MAT';
export const RESIDENT = 'SY-RES-POOL';
export const ASSISTANCE = 'SY-ASSIST';

/** 沈阳 2012 (R-FIN-2, R-FIN-5) with the 1998 30% split (R-FIN-3): the WE-7 parameters. */
export const shenyangRates: ContributionRatesSnapshot = {
  pooledFundId: POOLED,
  personalFundId: PERSONAL,
  maternityFundId: MATERNITY,
  year: 2025,
  employerRate: '0.086',
  maternityRateOfPayroll: '0.006',
  employeeRate: '0.02',
  personalShareOfEmployerBasic: '0.30',
  baseFloorYuan: '3715.00',
  version: '0',
};

export const ratesSet = (
  overrides: Partial<ContributionRatesSnapshot> = {},
  previousVersion: string | null = null,
): ContributionRatesSet => ({
  type: 'ContributionRatesSet',
  data: { ...shenyangRates, ...overrides, previousVersion },
});
