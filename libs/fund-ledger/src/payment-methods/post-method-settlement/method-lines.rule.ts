import { Decimal, max, min, roundFen, sum, yuan, ZERO } from '@ledger/money';
import { assertNever } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import {
  type DrgLine,
  type MethodLines,
  PER_DIEM_CATEGORIES,
  type PaymentMethod,
  type PerCaseCapLine,
  type PerDiemLine,
  type SingleDiseaseLine,
} from '../../hospital-budget/method-settlement.events';
import { arrayInput, oneOf, optionalText, yuanInput } from '../../hospital-budget/hospital-budget.inputs';
import { PaymentMethodErrorCodes, rejectMethodRule } from '../payment-methods.errors';
import type { RateTableContent } from '../rate-table.events';
import { codeInput, countInput, weightInput } from '../rate-table.inputs';

/**
 * The unit-price rules (R-BUD-12, R-BUD-13, R-PAY-5, R-YE-6): each line priced from the rate table, half-up
 * to the fen per line, its inputs recorded so the line can be recomputed from the event alone.
 */
export const MAX_METHOD_LINES = 2000;

export interface PricedLines {
  readonly detail: MethodLines;
  readonly amount: Decimal;
  readonly cases: number;
  readonly weightedCases: Decimal | null;
}

/** Prices the lines of one method; RATE_NOT_IN_TABLE when the table version does not price the method. */
export function priceLines(method: PaymentMethod, value: unknown, table: RateTableContent): PricedLines {
  const raws = arrayInput(value, 'lines', MAX_METHOD_LINES).map((raw, i) => {
    if (typeof raw !== 'object' || raw === null) throw invalidField(`lines[${i}]`, 'must be an object');
    return raw as Record<string, unknown>;
  });
  if (raws.length === 0) throw invalidField('lines', 'must have at least one line');
  switch (method) {
    case 'drg':
      return drgLines(raws, section(table.drg, method));
    case 'single_disease':
      return singleDiseaseLines(raws, section(table.singleDisease, method));
    case 'per_diem':
      return perDiemLines(raws, section(table.perDiem, method));
    case 'per_case_cap':
      return perCaseCapLines(raws, section(table.perCaseCap, method));
    default:
      return assertNever(method, 'payment method');
  }
}

function section<T>(value: T | null, method: PaymentMethod): T {
  if (value === null) {
    throw rejectMethodRule(PaymentMethodErrorCodes.RATE_NOT_IN_TABLE, `the rate table in force does not price ${method}`, 'method');
  }
  return value;
}

function optionalCost(value: unknown, field: string): Decimal | null {
  return value === undefined || value === null ? null : yuanInput(value, field, 'non_negative');
}

/** DRG: cases × weight × base rate per group, half-up per line; a weight sent must be the table's. */
function drgLines(raws: Record<string, unknown>[], drg: NonNullable<RateTableContent['drg']>): PricedLines {
  const weights = new Map(drg.groups.map((g) => [g.code, new Decimal(g.weight)]));
  const baseRate = new Decimal(drg.baseRateYuan);
  const lines: DrgLine[] = raws.map((raw, i) => {
    const at = `lines[${i}]`;
    const groupCode = codeInput(raw['groupCode'], `${at}.groupCode`);
    const cases = countInput(raw['cases'], `${at}.cases`);
    const weight = weights.get(groupCode);
    if (weight === undefined) {
      throw rejectMethodRule(PaymentMethodErrorCodes.UNKNOWN_GROUP_CODE, `DRG group ${groupCode} is not in the rate table`, `${at}.groupCode`);
    }
    if (raw['weight'] !== undefined && raw['weight'] !== null && !weightInput(raw['weight'], `${at}.weight`).equals(weight)) {
      throw rejectMethodRule(
        PaymentMethodErrorCodes.WEIGHT_NOT_IN_TABLE,
        `weight ${String(raw['weight'])} of group ${groupCode} is not the table's ${weight.toString()}`,
        `${at}.weight`,
      );
    }
    const cost = optionalCost(raw['costYuan'], `${at}.costYuan`);
    const amount = roundFen(baseRate.times(weight).times(cases));
    return { groupCode, cases, weight: weight.toString(), baseRateYuan: yuan(baseRate), amountYuan: yuan(amount), costYuan: cost && yuan(cost) };
  });
  const weightedCases = sum(lines.map((l) => new Decimal(l.weight).times(l.cases)));
  return { detail: { method: 'drg', lines }, ...totals(lines), weightedCases };
}

/** Single disease: cases × standard whatever the cost; the surplus is the hospital's, the overrun its advance. */
function singleDiseaseLines(raws: Record<string, unknown>[], diseases: NonNullable<RateTableContent['singleDisease']>): PricedLines {
  const standards = new Map(diseases.map((d) => [d.code, new Decimal(d.standardYuan)]));
  const lines: SingleDiseaseLine[] = raws.map((raw, i) => {
    const at = `lines[${i}]`;
    const diseaseCode = codeInput(raw['diseaseCode'], `${at}.diseaseCode`);
    const cases = countInput(raw['cases'], `${at}.cases`);
    const cost = yuanInput(raw['costYuan'], `${at}.costYuan`, 'non_negative');
    const standard = standards.get(diseaseCode);
    if (standard === undefined) {
      throw rejectMethodRule(PaymentMethodErrorCodes.UNKNOWN_DISEASE_CODE, `disease ${diseaseCode} is not in the rate table`, `${at}.diseaseCode`);
    }
    const amount = roundFen(standard.times(cases));
    return {
      diseaseCode,
      caseRef: optionalText(raw['caseRef'], `${at}.caseRef`, 100),
      cases,
      standardYuan: yuan(standard),
      amountYuan: yuan(amount),
      costYuan: yuan(cost),
      surplusYuan: yuan(max(ZERO, amount.minus(cost))),
      overrunYuan: yuan(max(ZERO, cost.minus(amount))),
    };
  });
  return { detail: { method: 'single_disease', lines }, ...totals(lines), weightedCases: null };
}

/** Per diem: bed-days × rate, less the patient's share per day; the fund settles the rest, the hospital bears any cost above. */
function perDiemLines(raws: Record<string, unknown>[], perDiem: NonNullable<RateTableContent['perDiem']>): PricedLines {
  const rate = new Decimal(perDiem.rateYuan);
  const lines: PerDiemLine[] = raws.map((raw, i) => {
    const at = `lines[${i}]`;
    const category = oneOf(raw['category'], `${at}.category`, PER_DIEM_CATEGORIES);
    const bedDays = countInput(raw['bedDays'], `${at}.bedDays`);
    const cost = optionalCost(raw['costYuan'], `${at}.costYuan`);
    const share = new Decimal(category === 'in_service' ? perDiem.patientSharePerDay.inServiceYuan : perDiem.patientSharePerDay.retiredYuan);
    const payable = roundFen(rate.times(bedDays));
    const patientShare = roundFen(share.times(bedDays));
    return {
      category,
      bedDays,
      rateYuan: yuan(rate),
      payableYuan: yuan(payable),
      patientSharePerDayYuan: yuan(share),
      patientShareYuan: yuan(patientShare),
      amountYuan: yuan(payable.minus(patientShare)),
      costYuan: cost && yuan(cost),
      hospitalAbsorbsYuan: yuan(cost === null ? ZERO : max(ZERO, cost.minus(payable))),
    };
  });
  const cases = lines.length; // one line per stay
  return { detail: { method: 'per_diem', lines }, amount: sum(lines.map((l) => new Decimal(l.amountYuan))), cases, weightedCases: null };
}

/** Per-case cap (R-PAY-5, WE-3): the month pre-settles min(claimed, cases × standard); the rest is held. */
function perCaseCapLines(raws: Record<string, unknown>[], cap: NonNullable<RateTableContent['perCaseCap']>): PricedLines {
  if (raws.length !== 1) throw invalidField('lines', 'a per-case-cap month has exactly one line (its cases and claim)');
  const raw = raws[0]!;
  const cases = countInput(raw['cases'], 'lines[0].cases');
  const claimed = yuanInput(raw['claimedYuan'], 'lines[0].claimedYuan', 'non_negative');
  const standard = new Decimal(cap.standardYuan);
  const capAmount = roundFen(standard.times(cases));
  const presettled = min(claimed, capAmount);
  const line: PerCaseCapLine = {
    cases,
    claimedYuan: yuan(claimed),
    standardYuan: yuan(standard),
    capYuan: yuan(capAmount),
    amountYuan: yuan(presettled),
    heldYuan: yuan(claimed.minus(presettled)),
  };
  return { detail: { method: 'per_case_cap', lines: [line] }, amount: presettled, cases, weightedCases: null };
}

function totals(lines: readonly { readonly amountYuan: string; readonly cases: number }[]): { amount: Decimal; cases: number } {
  return { amount: sum(lines.map((l) => new Decimal(l.amountYuan))), cases: lines.reduce((n, l) => n + l.cases, 0) };
}
