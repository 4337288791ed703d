import type { DomainEvent } from '../shared/decider';

/**
 * The payment-method rate tables of one fund-year (stream `rates-{fundId}.{year}`), versioned policy: every
 * RateTableSet records the whole table (never a diff), its version (1, 2, …) and the date it is in force from,
 * so a settlement line naming a version can be recomputed from that one event.
 */
export interface DrgGroupRate {
  readonly code: string;
  /** Relative weight (相对权重), a decimal string such as "1.2345". */
  readonly weight: string;
}

export interface DrgRates {
  /** Yuan per unit of weight (费率). */
  readonly baseRateYuan: string;
  readonly groups: readonly DrgGroupRate[];
}

export interface DiseaseRate {
  readonly code: string;
  /** Yuan per case (病种付费标准). */
  readonly standardYuan: string;
}

export interface PerDiemRates {
  /** Yuan per bed-day, all-inclusive (R-BUD-12: 110). */
  readonly rateYuan: string;
  /** The patient's own share per bed-day by category (R-BUD-13: 20 in service, 12 retired). */
  readonly patientSharePerDay: { readonly inServiceYuan: string; readonly retiredYuan: string };
}

export interface PerCaseCapRates {
  /** The average inpatient per-case standard (平均住院人次标准费用, R-PAY-5). */
  readonly standardYuan: string;
}

export interface RateTableContent {
  readonly drg: DrgRates | null;
  readonly singleDisease: readonly DiseaseRate[] | null;
  readonly perDiem: PerDiemRates | null;
  readonly perCaseCap: PerCaseCapRates | null;
}

export interface RateTableSetData extends RateTableContent {
  readonly fundId: string;
  readonly year: number;
  readonly version: number;
  /** In force for the months whose last day is on or after this date (until a later version). */
  readonly effectiveFrom: string;
  readonly note: string | null;
}

export type RateTableSet = DomainEvent<'RateTableSet', RateTableSetData>;
export type RateTableEvent = RateTableSet;

/** Ids may contain "-" but never "." (ID_PATTERN): the name parses one way only. */
export const rateTableStream = (fundId: string, year: number): string => `rates-${fundId}.${year}`;
