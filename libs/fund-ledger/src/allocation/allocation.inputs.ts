import { yuan } from '@ledger/money';
import { invalidField } from '../shared/domain-error';
import { requireId } from '../registry/field-rules';
import {
  arrayInput,
  decimalInput,
  oneOf,
  textInput,
  yearInput,
  yuanInput,
} from '../hospital-budget/hospital-budget.inputs';
import {
  ALLOCATION_METHODS,
  type AllocationMethod,
  type AllocationParams,
  DEFAULT_CAP_INCREASE_PERCENT,
  DEFAULT_FLOOR_DECREASE_PERCENT,
  DEFAULT_LOOKBACK_YEARS,
  type HistoryFigure,
  type HospitalAllocationInput,
} from './allocation.rules';

/**
 * Parsing of allocation inputs, pure. Requests, CLI files and history imports arrive as plain data; every
 * malformed field is a 400 INVALID_FIELD naming its path (hospitals[12].history[0].spendingYuan).
 */
export const MAX_RUN_HOSPITALS = 10_000;
export const MAX_LOOKBACK_YEARS = 5;
/** History older than this is refused: the sources use 3 years; audits look back at least 3. */
export const MAX_HISTORY_AGE_YEARS = 10;
export const MAX_EXPECTED_CASES = 100_000_000;
export const MAX_CLASS_LENGTH = 64;
/** Growth and development factors (R-BUD-5) are ratios around 1. */
export const FACTOR_MIN = '0.5';
export const FACTOR_MAX = '2';
/** R-BUD-11: 下浮一个档次 = 5%–10%. */
export const DOWNGRADE_MIN_PERCENT = '5';
export const DOWNGRADE_MAX_PERCENT = '10';

/** Run parameters as sent; every field optional (defaults in the comments). */
export interface AllocationParamsRequest {
  /** 1..5; default 3 (share, per-capita) or 1 (class per-case: the previous year). */
  readonly lookbackYears?: number;
  /** Percent; default "15"; null: no cap. */
  readonly capIncreasePercent?: string | null;
  /** Percent; default "15"; null: no floor. */
  readonly floorDecreasePercent?: string | null;
  /** For hospitals without history; no default (a hospital without history is refused). */
  readonly baseQuotaYuan?: string | null;
  /** Per-capita only; default "1". */
  readonly economicGrowth?: string;
  readonly priceIndex?: string;
  readonly hospitalDevelopment?: string;
}

export interface HistoryFigureRequest {
  readonly year: number;
  readonly spendingYuan: string;
  readonly cases?: number | null;
}

/** One hospital's inputs as sent (request, CLI file, history import). */
export interface HospitalRecordRequest {
  readonly payeeId: string;
  readonly class?: string | null;
  readonly history?: readonly HistoryFigureRequest[] | null;
  readonly expectedCases?: number | null;
  readonly developmentFactor?: string | null;
  readonly downgradePercent?: string | null;
  /** Last year's quota when the ledger does not have it (the first year on the ledger). */
  readonly lastYearQuotaYuan?: string | null;
  readonly baseQuotaYuan?: string | null;
}

export function methodInput(value: unknown, field = 'method'): AllocationMethod {
  return oneOf(value, field, ALLOCATION_METHODS);
}

/** The lookback years of a run for `year`: the `count` years before it, ascending. */
export function lookbackYearsOf(year: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => year - count + i);
}

export function parseParams(
  method: AllocationMethod,
  year: number,
  poolYuan: string,
  raw: AllocationParamsRequest | null | undefined,
): AllocationParams {
  const params = raw ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) throw invalidField('params', 'must be an object');
  const lookback = params.lookbackYears ?? DEFAULT_LOOKBACK_YEARS[method];
  if (!Number.isInteger(lookback) || lookback < 1 || lookback > MAX_LOOKBACK_YEARS) {
    throw invalidField('params.lookbackYears', `must be an integer 1..${MAX_LOOKBACK_YEARS}`);
  }
  const factorFields = ['economicGrowth', 'priceIndex', 'hospitalDevelopment'] as const;
  if (method !== 'per_capita_history') {
    const given = factorFields.find((f) => params[f] !== undefined && params[f] !== null);
    if (given) throw invalidField(`params.${given}`, 'only the per_capita_history method uses growth factors');
  }
  const factor = (f: (typeof factorFields)[number]): string => {
    const value = params[f] ?? '1';
    decimalInput(value, `params.${f}`, FACTOR_MIN, FACTOR_MAX);
    return value;
  };
  return {
    method,
    poolYuan: yuan(yuanInput(poolYuan, 'poolYuan')),
    lookbackYears: lookbackYearsOf(year, lookback),
    capIncreasePercent: percentOrNull(
      params.capIncreasePercent,
      DEFAULT_CAP_INCREASE_PERCENT,
      'params.capIncreasePercent',
    ),
    floorDecreasePercent: percentOrNull(
      params.floorDecreasePercent,
      DEFAULT_FLOOR_DECREASE_PERCENT,
      'params.floorDecreasePercent',
    ),
    baseQuotaYuan: optionalYuan(params.baseQuotaYuan, 'params.baseQuotaYuan'),
    factors: {
      economicGrowth: factor('economicGrowth'),
      priceIndex: factor('priceIndex'),
      hospitalDevelopment: factor('hospitalDevelopment'),
    },
  };
}

function percentOrNull(value: string | null | undefined, fallback: string, field: string): string | null {
  if (value === null) return null;
  const percent = value ?? fallback;
  decimalInput(percent, field, '0', '100');
  return percent;
}

function optionalYuan(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : yuan(yuanInput(value, field));
}

export interface RecordsOptions {
  /** The budget year the records are for: history must be before it. */
  readonly year: number;
  /** Keep only these years of history (a run); null keeps every valid year (an import). */
  readonly lookbackYears: readonly number[] | null;
  readonly maxRecords: number;
}

/**
 * Hospital records, normalised. `carriedInYuan` is not a request field: the application fills it from the
 * ledger (a run) and an import never has it; here it is parsed when present, "0.00" otherwise.
 */
export function parseHospitalRecords(raw: unknown, field: string, options: RecordsOptions): HospitalAllocationInput[] {
  const list = arrayInput(raw, field, options.maxRecords);
  if (list.length === 0) throw invalidField(field, 'must name at least one hospital');
  const seen = new Set<string>();
  return list.map((item, i) => {
    const at = `${field}[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidField(at, 'must be an object');
    const record = item as HospitalRecordRequest & { carriedInYuan?: unknown };
    const payeeId = requireId(record.payeeId, `${at}.payeeId`);
    if (seen.has(payeeId)) throw invalidField(`${at}.payeeId`, `${payeeId} is listed twice`);
    seen.add(payeeId);
    return {
      payeeId,
      class:
        record.class === undefined || record.class === null
          ? null
          : textInput(record.class, `${at}.class`, MAX_CLASS_LENGTH),
      history: historyOf(record.history, `${at}.history`, options),
      expectedCases: optionalCount(record.expectedCases, `${at}.expectedCases`, 1),
      developmentFactor: optionalDecimal(record.developmentFactor, `${at}.developmentFactor`, FACTOR_MIN, FACTOR_MAX),
      downgradePercent: optionalDecimal(
        record.downgradePercent,
        `${at}.downgradePercent`,
        DOWNGRADE_MIN_PERCENT,
        DOWNGRADE_MAX_PERCENT,
      ),
      lastYearQuotaYuan: optionalYuan(record.lastYearQuotaYuan, `${at}.lastYearQuotaYuan`),
      carriedInYuan:
        record.carriedInYuan === undefined || record.carriedInYuan === null
          ? '0.00'
          : yuan(yuanInput(record.carriedInYuan, `${at}.carriedInYuan`, 'non_negative')),
      baseQuotaYuan: optionalYuan(record.baseQuotaYuan, `${at}.baseQuotaYuan`),
    };
  });
}

function historyOf(raw: unknown, field: string, options: RecordsOptions): HistoryFigure[] {
  if (raw === undefined || raw === null) return [];
  const list = arrayInput(raw, field, MAX_HISTORY_AGE_YEARS);
  const years = new Set<number>();
  const figures: HistoryFigure[] = [];
  list.forEach((item, j) => {
    const at = `${field}[${j}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidField(at, 'must be an object');
    const figure = item as HistoryFigureRequest;
    const year = yearInput(figure.year, `${at}.year`);
    if (year >= options.year || year < options.year - MAX_HISTORY_AGE_YEARS) {
      throw invalidField(`${at}.year`, `must be one of the ${MAX_HISTORY_AGE_YEARS} years before ${options.year}`);
    }
    if (years.has(year)) throw invalidField(`${at}.year`, `${year} is given twice`);
    years.add(year);
    const spendingYuan = yuan(yuanInput(figure.spendingYuan, `${at}.spendingYuan`, 'non_negative'));
    const cases = optionalCount(figure.cases, `${at}.cases`, 0);
    if (options.lookbackYears === null || options.lookbackYears.includes(year))
      figures.push({ year, spendingYuan, cases });
  });
  return figures.sort((a, b) => a.year - b.year);
}

function optionalCount(value: unknown, field: string, min: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_EXPECTED_CASES) {
    throw invalidField(field, `must be an integer ${min}..${MAX_EXPECTED_CASES}`);
  }
  return value;
}

function optionalDecimal(value: unknown, field: string, min: string, max: string): string | null {
  if (value === undefined || value === null) return null;
  decimalInput(value, field, min, max);
  return value as string;
}
