import type { JsonValue, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { Decimal, max, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import type { BalanceCarriedInData, QuotaAdjustedData, YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import { compareText, dataOf, out } from './read-model-support';

/**
 * carry-forward (结余跨年度结转): per hospital and fund, the credits each year-end settlement earned in
 * carry_forward retention mode (YearEndSettled.breakdown.carryForwardCreditYuan, earned in year Y for Y+1),
 * how much of each was applied to the next year's quota (BalanceCarriedIn, or a QuotaAdjusted carry_in naming
 * the year), and how much expired: §7 caps carry-forward at one year, so what is still unapplied when year
 * Y+1 is itself settled is lost.
 */
export type CarryApplicationVia = 'balance_carried_in' | 'quota_adjustment';

export interface CarryApplication {
  readonly intoYear: number;
  readonly via: CarryApplicationVia;
  readonly amount: Decimal;
  readonly effectiveDate: string;
}

export interface CarryCredit {
  /** The year whose settlement earned the credit (for earnedYear + 1). */
  readonly earnedYear: number;
  earned: Decimal;
  earnedOn: string | null;
  applied: Decimal;
  applications: CarryApplication[];
  expired: Decimal;
  expiredOn: string | null;
}

export interface HospitalCarry {
  readonly fundId: string;
  readonly payeeId: string;
  readonly credits: Map<number, CarryCredit>;
  /** Years whose year-end settlement is in the log. */
  readonly settledYears: Set<number>;
}

export interface CarryForwardState {
  /** Keyed `${fundId}|${payeeId}`. */
  readonly hospitals: Map<string, HospitalCarry>;
}

function hospitalOf(state: CarryForwardState, fundId: string, payeeId: string): HospitalCarry {
  const key = `${fundId}|${payeeId}`;
  let hospital = state.hospitals.get(key);
  if (hospital === undefined) {
    hospital = { fundId, payeeId, credits: new Map(), settledYears: new Set() };
    state.hospitals.set(key, hospital);
  }
  return hospital;
}

function creditOf(hospital: HospitalCarry, earnedYear: number): CarryCredit {
  let credit = hospital.credits.get(earnedYear);
  if (credit === undefined) {
    credit = { earnedYear, earned: ZERO, earnedOn: null, applied: ZERO, applications: [], expired: ZERO, expiredOn: null };
    hospital.credits.set(earnedYear, credit);
  }
  return credit;
}

export function applyCarry(state: CarryForwardState, event: RecordedEvent): CarryForwardState {
  switch (event.type) {
    case 'YearEndSettled': {
      const data = dataOf<YearEndSettledData>(event);
      const hospital = hospitalOf(state, data.fundId, data.payeeId);
      hospital.settledYears.add(data.year);
      const earned = new Decimal(data.breakdown.carryForwardCreditYuan);
      if (earned.gt(0)) {
        const credit = creditOf(hospital, data.year);
        credit.earned = credit.earned.plus(earned);
        credit.earnedOn = data.effectiveDate;
      }
      // The previous year's credit had this year to be used: what is left now expires.
      const previous = hospital.credits.get(data.year - 1);
      if (previous !== undefined && previous.expiredOn === null) {
        const left = previous.earned.minus(previous.applied);
        if (left.gt(0)) {
          previous.expired = left;
          previous.expiredOn = data.effectiveDate;
        }
      }
      return state;
    }
    case 'BalanceCarriedIn': {
      const data = dataOf<BalanceCarriedInData>(event);
      const value = new Decimal(data.carryForwardCreditYuan);
      if (value.isZero()) return state;
      addApplication(hospitalOf(state, data.fundId, data.payeeId), data.fromYear, {
        intoYear: data.year,
        via: 'balance_carried_in',
        amount: value,
        effectiveDate: data.effectiveDate,
      });
      return state;
    }
    case 'QuotaAdjusted': {
      const data = dataOf<QuotaAdjustedData>(event);
      if (data.reason !== 'carry_in') return state;
      invariant(data.inputs.fromYear !== null, `carry_in adjustment of ${data.fundId}/${data.payeeId}/${data.year} without fromYear`);
      addApplication(hospitalOf(state, data.fundId, data.payeeId), data.inputs.fromYear, {
        intoYear: data.year,
        via: 'quota_adjustment',
        amount: new Decimal(data.deltaYuan),
        effectiveDate: data.effectiveDate,
      });
      return state;
    }
    default:
      return state;
  }
}

function addApplication(hospital: HospitalCarry, fromYear: number, application: CarryApplication): void {
  const credit = creditOf(hospital, fromYear);
  credit.applied = credit.applied.plus(application.amount);
  credit.applications.push(application);
}

export type CarryStatus = 'pending' | 'applied' | 'partially_applied' | 'expired';

export function carryCreditView(credit: CarryCredit) {
  const pending = credit.expiredOn !== null ? ZERO : max(ZERO, credit.earned.minus(credit.applied));
  const status: CarryStatus = credit.expired.gt(0)
    ? 'expired'
    : pending.gt(0)
      ? credit.applied.gt(0)
        ? 'partially_applied'
        : 'pending'
      : 'applied';
  return {
    earnedInYear: credit.earnedYear,
    forYear: credit.earnedYear + 1,
    earnedYuan: out(credit.earned),
    earnedOn: credit.earnedOn,
    appliedYuan: out(credit.applied),
    applications: credit.applications.map((a) => ({ intoYear: a.intoYear, via: a.via, amountYuan: out(a.amount), effectiveDate: a.effectiveDate })),
    expiredYuan: out(credit.expired),
    expiredOn: credit.expiredOn,
    pendingYuan: out(pending),
    status,
  };
}

/** One hospital's carry-forward per fund (every fund, or only `fundId`), credits oldest first. */
export function carryForwardView(state: CarryForwardState, payeeId: string, fundId?: string) {
  const funds = [...state.hospitals.values()]
    .filter((h) => h.payeeId === payeeId && (fundId === undefined || h.fundId === fundId))
    .sort((a, b) => compareText(a.fundId, b.fundId))
    .map((h) => {
      const credits = [...h.credits.values()].sort((a, b) => a.earnedYear - b.earnedYear);
      let earned = ZERO;
      let applied = ZERO;
      let expired = ZERO;
      let pending = ZERO;
      for (const c of credits) {
        earned = earned.plus(c.earned);
        applied = applied.plus(c.applied);
        expired = expired.plus(c.expired);
        if (c.expiredOn === null) pending = pending.plus(max(ZERO, c.earned.minus(c.applied)));
      }
      return {
        fundId: h.fundId,
        settledYears: [...h.settledYears].sort((a, b) => a - b),
        credits: credits.map(carryCreditView),
        totals: { earnedYuan: out(earned), appliedYuan: out(applied), expiredYuan: out(expired), pendingYuan: out(pending) },
      };
    });
  return { payeeId, funds };
}

interface CarryJson {
  hospitals: Array<{
    fundId: string;
    payeeId: string;
    settledYears: number[];
    credits: Array<{
      earnedYear: number;
      earned: string;
      earnedOn: string | null;
      applied: string;
      applications: Array<{ intoYear: number; via: CarryApplicationVia; amount: string; effectiveDate: string }>;
      expired: string;
      expiredOn: string | null;
    }>;
  }>;
}

export const carryForwardProjection: Projection<CarryForwardState> = {
  name: 'carry-forward',
  version: 1,
  initialState: () => ({ hospitals: new Map() }),
  apply: applyCarry,
  toJson(state): JsonValue {
    const json: CarryJson = {
      hospitals: [...state.hospitals.values()].map((h) => ({
        fundId: h.fundId,
        payeeId: h.payeeId,
        settledYears: [...h.settledYears],
        credits: [...h.credits.values()].map((c) => ({
          earnedYear: c.earnedYear,
          earned: c.earned.toString(),
          earnedOn: c.earnedOn,
          applied: c.applied.toString(),
          applications: c.applications.map((a) => ({ ...a, amount: a.amount.toString() })),
          expired: c.expired.toString(),
          expiredOn: c.expiredOn,
        })),
      })),
    };
    return json as unknown as JsonValue;
  },
  fromJson(json): CarryForwardState {
    const parsed = json as unknown as CarryJson;
    const hospitals = new Map<string, HospitalCarry>();
    for (const h of parsed.hospitals) {
      const credits = new Map<number, CarryCredit>();
      for (const c of h.credits) {
        credits.set(c.earnedYear, {
          earnedYear: c.earnedYear,
          earned: new Decimal(c.earned),
          earnedOn: c.earnedOn,
          applied: new Decimal(c.applied),
          applications: c.applications.map((a) => ({ ...a, amount: new Decimal(a.amount) })),
          expired: new Decimal(c.expired),
          expiredOn: c.expiredOn,
        });
      }
      hospitals.set(`${h.fundId}|${h.payeeId}`, { fundId: h.fundId, payeeId: h.payeeId, credits, settledYears: new Set(h.settledYears) });
    }
    return { hospitals };
  },
};
