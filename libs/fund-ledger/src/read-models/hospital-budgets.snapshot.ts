import type { JsonValue } from '@ledger/event-store';
import { Decimal } from '@ledger/money';
import type { QuotaMethod } from '../hospital-budget/hospital-budget.events';
import { decimalMapFromJson, decimalMapToJson } from './read-model-support';
import {
  emptyRow,
  receivableKey,
  rowKey,
  YEAR_END_AMOUNTS,
  type AdjustmentLine,
  type HospitalBudgetsState,
  type HospitalYearRow,
  type ReceivableRecord,
  type YearEndAmount,
  type YearEndResult,
} from './hospital-budgets.rows';

/** The snapshot JSON of the hospital-budgets state: exact decimal strings, restored to the same rows. */
export interface RowJson {
  fundId: string;
  payeeId: string;
  year: number;
  quotaInitial: string | null;
  quotaMethod: QuotaMethod | null;
  quotaSetOn: string | null;
  adjustments: Array<Omit<AdjustmentLine, 'delta'> & { delta: string }>;
  carriedInFromYears: number[];
  monthsPrepaid: number[];
  monthsSettled: number[];
  amounts: Record<string, string>;
  refusedByRule: Record<string, string>;
  openReceivables: Record<string, string>;
  score: string | null;
  yearEnd: (Omit<YearEndResult, 'quota' | 'actual' | 'amounts'> & { quota: string; actual: string; amounts: Record<string, string> }) | null;
  lastEffectiveDate: string | null;
}

interface StateJson {
  lastRecordedAt: string | null;
  rows: RowJson[];
  receivables: Array<Omit<ReceivableRecord, 'outstanding'> & { outstanding: string }>;
}

/** The Decimal fields of a row that are plain sums (serialised together). */
const ROW_SUMS = [
  'adjustmentsTotal',
  'carriedIn',
  'prepaidGross',
  'prepaidNet',
  'withheld',
  'claimed',
  'refused',
  'approved',
  'coFunded',
  'settlementPayable',
  'settlementNet',
  'receivableOffsets',
  'deferredPayable',
  'clawbacksInYear',
  'clawbacksPostClose',
  'priorYearRecoveries',
  'liquidatedDamages',
  'finesToTreasury',
  'recovered',
] as const satisfies ReadonlyArray<keyof HospitalYearRow>;

export function rowToJson(row: HospitalYearRow): RowJson {
  const amounts: Record<string, string> = {};
  for (const field of ROW_SUMS) amounts[field] = row[field].toString();
  return {
    fundId: row.fundId,
    payeeId: row.payeeId,
    year: row.year,
    quotaInitial: row.quotaInitial === null ? null : row.quotaInitial.toString(),
    quotaMethod: row.quotaMethod,
    quotaSetOn: row.quotaSetOn,
    adjustments: row.adjustments.map((a) => ({ ...a, delta: a.delta.toString() })),
    carriedInFromYears: [...row.carriedInFromYears],
    monthsPrepaid: [...row.monthsPrepaid],
    monthsSettled: [...row.monthsSettled],
    amounts,
    refusedByRule: decimalMapToJson(row.refusedByRule),
    openReceivables: decimalMapToJson(row.openReceivables),
    score: row.score === null ? null : row.score.toString(),
    yearEnd:
      row.yearEnd === null
        ? null
        : {
            effectiveDate: row.yearEnd.effectiveDate,
            policyVersion: row.yearEnd.policyVersion,
            retentionMode: row.yearEnd.retentionMode,
            quota: row.yearEnd.quota.toString(),
            actual: row.yearEnd.actual.toString(),
            amounts: decimalMapToJson(new Map(Object.entries(row.yearEnd.amounts))),
          },
    lastEffectiveDate: row.lastEffectiveDate,
  };
}

export function rowFromJson(json: RowJson): HospitalYearRow {
  const row = emptyRow(json.fundId, json.payeeId, json.year);
  for (const field of ROW_SUMS) row[field] = new Decimal(json.amounts[field] ?? '0');
  row.quotaInitial = json.quotaInitial === null ? null : new Decimal(json.quotaInitial);
  row.quotaMethod = json.quotaMethod;
  row.quotaSetOn = json.quotaSetOn;
  row.adjustments = json.adjustments.map((a) => ({ ...a, delta: new Decimal(a.delta) }));
  row.carriedInFromYears = [...json.carriedInFromYears];
  row.monthsPrepaid = [...json.monthsPrepaid];
  row.monthsSettled = [...json.monthsSettled];
  row.refusedByRule = decimalMapFromJson(json.refusedByRule);
  row.openReceivables = decimalMapFromJson(json.openReceivables);
  row.score = json.score === null ? null : new Decimal(json.score);
  row.yearEnd =
    json.yearEnd === null
      ? null
      : {
          effectiveDate: json.yearEnd.effectiveDate,
          policyVersion: json.yearEnd.policyVersion,
          retentionMode: json.yearEnd.retentionMode,
          quota: new Decimal(json.yearEnd.quota),
          actual: new Decimal(json.yearEnd.actual),
          amounts: Object.fromEntries(YEAR_END_AMOUNTS.map((f) => [f, new Decimal(json.yearEnd!.amounts[f] ?? '0')])) as Record<YearEndAmount, Decimal>,
        };
  row.lastEffectiveDate = json.lastEffectiveDate;
  return row;
}

export function hospitalBudgetsToJson(state: HospitalBudgetsState): JsonValue {
  const json: StateJson = {
    lastRecordedAt: state.lastRecordedAt,
    rows: [...state.rows.values()].map(rowToJson),
    receivables: [...state.receivables.values()].map((r) => ({ ...r, outstanding: r.outstanding.toString() })),
  };
  return json as unknown as JsonValue;
}

export function hospitalBudgetsFromJson(json: JsonValue): HospitalBudgetsState {
  const parsed = json as unknown as StateJson;
  const rows = new Map<string, HospitalYearRow>();
  for (const r of parsed.rows) rows.set(rowKey(r.fundId, r.payeeId, r.year), rowFromJson(r));
  const receivables = new Map<string, ReceivableRecord>();
  for (const r of parsed.receivables) {
    receivables.set(receivableKey(r.fundId, r.payeeId, r.holderYear, r.receivableId), { ...r, outstanding: new Decimal(r.outstanding) });
  }
  return { rows, receivables, lastRecordedAt: parsed.lastRecordedAt };
}
