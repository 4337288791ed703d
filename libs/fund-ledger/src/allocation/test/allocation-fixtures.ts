import type { AllocationParams, HistoryFigure, HospitalAllocationInput } from '../allocation.rules';

/** Builders for the allocation specs (test-only; `test/` folders are not built). */
export const FUND = 'WD-NCMS';
export const YEAR = 2025;
export const LOOKBACK = [2022, 2023, 2024];

export function params(overrides: Partial<AllocationParams> = {}): AllocationParams {
  return {
    method: 'share_of_history',
    poolYuan: '120000000.00',
    lookbackYears: LOOKBACK,
    capIncreasePercent: null,
    floorDecreasePercent: null,
    baseQuotaYuan: null,
    factors: { economicGrowth: '1', priceIndex: '1', hospitalDevelopment: '1' },
    ...overrides,
  };
}

export function hospital(payeeId: string, overrides: Partial<HospitalAllocationInput> = {}): HospitalAllocationInput {
  return {
    payeeId,
    class: null,
    history: [],
    expectedCases: null,
    developmentFactor: null,
    downgradePercent: null,
    lastYearQuotaYuan: null,
    carriedInYuan: '0.00',
    baseQuotaYuan: null,
    ...overrides,
  };
}

/** The same spending in each lookback year (no case counts). */
export function spending(...perYear: string[]): HistoryFigure[] {
  return perYear.map((spendingYuan, i) => ({
    year: LOOKBACK[LOOKBACK.length - perYear.length + i]!,
    spendingYuan,
    cases: null,
  }));
}

/** One year of spending and cases. */
export const figure = (year: number, spendingYuan: string, cases: number): HistoryFigure => ({
  year,
  spendingYuan,
  cases,
});

/** WE-1 (文登): 宋村 spent 1,177.5万 of 30,000万 in three years; the other two hospitals make up the rest. */
export const WE1_HOSPITALS: HospitalAllocationInput[] = [
  hospital('SONGCUN', { history: spending('3925000.00', '3925000.00', '3925000.00') }),
  hospital('H-TOWN-2', { history: spending('48075000.00', '48075000.00', '48075000.00') }),
  hospital('H-TOWN-3', { history: spending('48000000.00', '48000000.00', '48000000.00') }),
];
