import { allocate, Decimal, roundFen, sum, yuan, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import { ErrorCodes, invalidField, rejectRule } from '../shared/domain-error';

/**
 * Annual quota allocation (总额预算与定额), pure: parameters + one input record per hospital -> one line per
 * hospital with its inputs, its exact (unrounded) share and its quota. Every amount is Decimal inside and a
 * yuan string (2 places) outside; the exact share is shown with 6 places.
 *
 * Methods (§2.4):
 *   share_of_history   (文登, R-BUD-1): quota_i = S × w_i / Σw, w_i = the hospital's spending over the
 *                      lookback years (default 3), S = pool − base quotas; split by largest remainder, so
 *                      the quotas add up to S to the fen.
 *   per_capita_history (兵团, R-BUD-4/5): per-case standard = roundFen(Σ spending / Σ cases) over the lookback
 *                      years (default 3); quota = roundFen(standard × expected cases × economic growth ×
 *                      price index × hospital development).
 *   class_per_case     (××市, R-BUD-6): class standard = roundFen(Σ spending / Σ cases) over the hospitals of
 *                      the class (volume-weighted), previous year by default; quota = standard × expected cases.
 *
 * Adjustments, in this order (each recorded on the line):
 *   1. base quota: a hospital the method cannot price from history (no spending for the share method, no
 *      cases for per-capita, no class data for class per-case) gets the base quota (its own or the run's);
 *      for the share method the base quotas come off the pool first.
 *   2. caps and floors on the change from last year's quota (default +15% / −15%), for hospitals priced by
 *      the method that had a quota last year. Bounds are whole fen: cap = floorFen(L × (1 + c)),
 *      floor = ceilFen(L × (1 − f)). Share method: the pool is kept whole: the solution is
 *      x_i = clamp(λ × w_i, floor_i, cap_i) with Σx = S, found by fixing, round by round, either every
 *      hospital above its cap (when the excess over caps ≥ the shortfall under floors) or every hospital
 *      below its floor, and re-sharing the rest among the others by weight; the free hospitals are then
 *      split by largest remainder (a free share lies within its whole-fen bounds, so rounding cannot break
 *      them). Other methods: the quota is simply clamped (they do not share a pool).
 *   3. downgrade after serious violations (R-BUD-11, 5–10%): quota = bounded − roundFen(bounded × p / 100),
 *      applied after the caps so a floor cannot undo a penalty (WE-16: 3,600万 × 95% = 3,420万). The amount
 *      is held back by the fund, not re-shared (a penalty must not become the others' bonus).
 *   4. carried-in credit from last year's settlement (结余跨年度结转, R-YE-4/5) is shown on the line and added
 *      to the effective quota, outside the pool and untouched by caps and downgrades (WE-2: the credit stays
 *      whole). The budget stream adds the credit itself (BalanceCarriedIn), so SetQuota never carries it.
 *
 * "Adds up": for the share method Σ quota + Σ downgrades held back = pool, exactly to the fen (asserted).
 * For the other methods the quotas are independent of the pool; the totals report the difference and a
 * run above the pool cannot be committed.
 */
export const ALLOCATION_METHODS = ['share_of_history', 'per_capita_history', 'class_per_case'] as const;
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];

export const DEFAULT_LOOKBACK_YEARS: Readonly<Record<AllocationMethod, number>> = {
  share_of_history: 3,
  per_capita_history: 3,
  class_per_case: 1,
};
export const DEFAULT_CAP_INCREASE_PERCENT = '15';
export const DEFAULT_FLOOR_DECREASE_PERCENT = '15';

/** One year of a hospital's history: its audited spending (A) and, for the per-case methods, its cases. */
export interface HistoryFigure {
  readonly year: number;
  readonly spendingYuan: string;
  readonly cases: number | null;
}

/** Everything the allocation of one hospital depends on (normalised: yuan strings with 2 places). */
export interface HospitalAllocationInput {
  readonly payeeId: string;
  /** Hospital class for class_per_case (同类医院). */
  readonly class: string | null;
  /** Lookback years only, ascending; a missing year counts as no spending. */
  readonly history: readonly HistoryFigure[];
  readonly expectedCases: number | null;
  /** Per-capita only: this hospital's development factor, instead of the run's. */
  readonly developmentFactor: string | null;
  /** R-BUD-11: "5".."10", or null. */
  readonly downgradePercent: string | null;
  /** Last year's quota without carried-in credits (initial + adjustments), or null for a new hospital. */
  readonly lastYearQuotaYuan: string | null;
  /** Credit carried in from last year's settlement (shown, never allocated from the pool). */
  readonly carriedInYuan: string;
  /** This hospital's base quota when it has no history, instead of the run's. */
  readonly baseQuotaYuan: string | null;
}

export interface GrowthFactors {
  readonly economicGrowth: string;
  readonly priceIndex: string;
  readonly hospitalDevelopment: string;
}

export interface AllocationParams {
  readonly method: AllocationMethod;
  /** The fund budget's total for hospital quotas (FundBudgetApproved.totalForQuotasYuan). */
  readonly poolYuan: string;
  /** Ascending, ending with year − 1. */
  readonly lookbackYears: readonly number[];
  /** Percent, e.g. "15"; null: no cap. */
  readonly capIncreasePercent: string | null;
  /** Percent, e.g. "15"; null: no floor. */
  readonly floorDecreasePercent: string | null;
  readonly baseQuotaYuan: string | null;
  /** Per-capita only (R-BUD-5); "1" elsewhere. */
  readonly factors: GrowthFactors;
}

export type QuotaBasis = 'method' | 'base_quota';
export type Bound = 'cap' | 'floor';

export interface AllocationLine {
  readonly input: HospitalAllocationInput;
  readonly basis: QuotaBasis;
  /** Share: Σ lookback spending. */
  readonly weightYuan: string | null;
  /** Per-capita: the hospital's per-case standard; class: the class standard. */
  readonly perCaseYuan: string | null;
  /** The method's amount before rounding and adjustments, 6 places. */
  readonly exactYuan: string;
  /** The method's amount to the fen (share: largest remainder over the pool), before caps. */
  readonly computedYuan: string;
  readonly bound: Bound | null;
  /** After caps and floors (share: after re-sharing). */
  readonly boundedYuan: string;
  readonly downgradeYuan: string;
  /** The quota allocated: what SetQuota sets. */
  readonly quotaYuan: string;
  /** quota − last year's quota, or null for a new hospital. */
  readonly changeYuan: string | null;
  /** quota + carried-in credit: the hospital's quota once the credit is in. */
  readonly effectiveQuotaYuan: string;
}

export interface ClassRate {
  readonly class: string;
  /** Hospitals of the class with cases in the lookback years. */
  readonly hospitals: number;
  readonly spendingYuan: string;
  readonly cases: number;
  readonly perCaseYuan: string;
}

export interface AllocationTotals {
  readonly hospitals: number;
  readonly poolYuan: string;
  readonly baseQuotaHospitals: number;
  readonly baseQuotaYuan: string;
  readonly computedYuan: string;
  readonly capped: number;
  readonly floored: number;
  readonly redistributionRounds: number;
  readonly downgraded: number;
  readonly downgradeHeldBackYuan: string;
  /** Σ quota. */
  readonly allocatedYuan: string;
  /** pool − allocated − downgrades held back (signed; negative: above the pool). Share method: 0.00. */
  readonly unallocatedYuan: string;
  readonly withinPool: boolean;
  readonly carriedInYuan: string;
  readonly effectiveYuan: string;
}

export interface AllocationTable {
  readonly lines: readonly AllocationLine[];
  readonly classRates: readonly ClassRate[];
  readonly totals: AllocationTotals;
}

interface Priced {
  readonly basis: QuotaBasis;
  readonly weight: Decimal | null;
  readonly perCase: Decimal | null;
  readonly exact: Decimal;
  readonly computed: Decimal;
}

export function computeAllocation(
  params: AllocationParams,
  hospitals: readonly HospitalAllocationInput[],
): AllocationTable {
  invariant(hospitals.length > 0, 'an allocation has at least one hospital');
  const pool = new Decimal(params.poolYuan);
  // The per-case methods need the cases of every year given (a missing count is an input error, not "no history").
  if (params.method !== 'share_of_history') hospitals.forEach((h, i) => requireCases(h, i));
  const classRates = params.method === 'class_per_case' ? classRatesOf(hospitals) : [];
  const bases = hospitals.map((h, i) => (needsBaseQuota(params, h, classRates) ? baseQuotaOf(params, h, i) : null));
  const bounds = hospitals.map((h, i) => (bases[i] === null ? boundsOf(params, h) : { lo: null, hi: null }));
  let priced: Priced[];
  let bounded: Array<{ value: Decimal; bound: Bound | null }>;
  let rounds = 0;
  if (params.method === 'share_of_history') {
    const share = priceShares(pool, hospitals, bases, bounds);
    priced = share.priced;
    bounded = share.bounded;
    rounds = share.rounds;
  } else {
    priced = hospitals.map((h, i) => {
      const base = bases[i];
      if (base !== null && base !== undefined) return basePriced(base);
      return params.method === 'per_capita_history' ? pricePerCapita(params, h, i) : priceByClass(h, i, classRates);
    });
    bounded = priced.map((p, i) => clamp(p.computed, bounds[i]!));
  }
  const lines = hospitals.map((input, i) => lineOf(input, priced[i]!, bounded[i]!, i));
  const totals = totalsOf(params, pool, lines, rounds);
  if (params.method === 'share_of_history') {
    invariant(new Decimal(totals.unallocatedYuan).isZero(), 'share method: quotas + downgrades add up to the pool');
  }
  return { lines, classRates, totals };
}

// ---- pricing

function needsBaseQuota(
  params: AllocationParams,
  h: HospitalAllocationInput,
  classRates: readonly ClassRate[],
): boolean {
  switch (params.method) {
    case 'share_of_history':
      return spendingOf(h).isZero();
    case 'per_capita_history':
      return casesOf(h) === 0;
    case 'class_per_case':
      return h.class === null || !classRates.some((c) => c.class === h.class);
  }
}

function baseQuotaOf(params: AllocationParams, h: HospitalAllocationInput, index: number): Decimal {
  const base = h.baseQuotaYuan ?? params.baseQuotaYuan;
  if (base === null) {
    throw invalidField(
      `hospitals[${index}].baseQuotaYuan`,
      `${h.payeeId} has no history the ${params.method} method can use: give it a base quota (or params.baseQuotaYuan)`,
    );
  }
  return new Decimal(base);
}

function basePriced(base: Decimal): Priced {
  return { basis: 'base_quota', weight: null, perCase: null, exact: base, computed: base };
}

const spendingOf = (h: HospitalAllocationInput): Decimal => sum(h.history.map((f) => new Decimal(f.spendingYuan)));
const casesOf = (h: HospitalAllocationInput): number => h.history.reduce((n, f) => n + (f.cases ?? 0), 0);

function requireCases(h: HospitalAllocationInput, index: number): void {
  h.history.forEach((f, j) => {
    if (f.cases === null)
      throw invalidField(`hospitals[${index}].history[${j}].cases`, 'a per-case method needs the cases of every year');
  });
}

function expectedCasesOf(h: HospitalAllocationInput, index: number): Decimal {
  if (h.expectedCases === null)
    throw invalidField(`hospitals[${index}].expectedCases`, 'a per-case method needs the expected cases');
  return new Decimal(h.expectedCases);
}

function pricePerCapita(params: AllocationParams, h: HospitalAllocationInput, index: number): Priced {
  const perCase = roundFen(spendingOf(h).div(casesOf(h)));
  const { economicGrowth, priceIndex } = params.factors;
  const development = h.developmentFactor ?? params.factors.hospitalDevelopment;
  const exact = perCase.times(expectedCasesOf(h, index)).times(economicGrowth).times(priceIndex).times(development);
  return { basis: 'method', weight: null, perCase, exact, computed: roundFen(exact) };
}

/** R-BUD-6: Σ cost / Σ cases over the hospitals of the class (weights = volumes), to the fen. */
function classRatesOf(hospitals: readonly HospitalAllocationInput[]): ClassRate[] {
  const byClass = new Map<string, { hospitals: number; spending: Decimal; cases: number }>();
  hospitals.forEach((h) => {
    if (h.class === null) return;
    const cases = casesOf(h);
    if (cases === 0) return;
    const entry = byClass.get(h.class) ?? { hospitals: 0, spending: ZERO, cases: 0 };
    byClass.set(h.class, {
      hospitals: entry.hospitals + 1,
      spending: entry.spending.plus(spendingOf(h)),
      cases: entry.cases + cases,
    });
  });
  return [...byClass.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([cls, e]) => ({
      class: cls,
      hospitals: e.hospitals,
      spendingYuan: yuan(e.spending),
      cases: e.cases,
      perCaseYuan: yuan(roundFen(e.spending.div(e.cases))),
    }));
}

function priceByClass(h: HospitalAllocationInput, index: number, classRates: readonly ClassRate[]): Priced {
  const rate = classRates.find((c) => c.class === h.class);
  invariant(rate !== undefined, 'a hospital priced by class has a class rate');
  const perCase = new Decimal(rate.perCaseYuan);
  const exact = perCase.times(expectedCasesOf(h, index));
  return { basis: 'method', weight: null, perCase, exact, computed: roundFen(exact) };
}

// ---- share of history with caps, floors and re-sharing

interface Bounds {
  readonly lo: Decimal | null;
  readonly hi: Decimal | null;
}

function boundsOf(params: AllocationParams, h: HospitalAllocationInput): Bounds {
  if (h.lastYearQuotaYuan === null) return { lo: null, hi: null };
  const last = new Decimal(h.lastYearQuotaYuan);
  const hi =
    params.capIncreasePercent === null
      ? null
      : fenFloor(last.times(new Decimal(100).plus(params.capIncreasePercent)).div(100));
  const lo =
    params.floorDecreasePercent === null
      ? null
      : fenCeil(last.times(new Decimal(100).minus(params.floorDecreasePercent)).div(100));
  return { lo, hi };
}

const fenFloor = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_FLOOR);
const fenCeil = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_CEIL);

function clamp(value: Decimal, { lo, hi }: Bounds): { value: Decimal; bound: Bound | null } {
  if (hi !== null && value.gt(hi)) return { value: hi, bound: 'cap' };
  if (lo !== null && value.lt(lo)) return { value: lo, bound: 'floor' };
  return { value, bound: null };
}

interface Member {
  readonly index: number;
  readonly weight: Decimal;
  readonly bounds: Bounds;
}

function priceShares(
  pool: Decimal,
  hospitals: readonly HospitalAllocationInput[],
  bases: ReadonlyArray<Decimal | null>,
  bounds: readonly Bounds[],
): { priced: Priced[]; bounded: Array<{ value: Decimal; bound: Bound | null }>; rounds: number } {
  const baseTotal = sum(bases.filter((b): b is Decimal => b !== null));
  const sharePool = pool.minus(baseTotal);
  const members: Member[] = [];
  hospitals.forEach((h, index) => {
    if (bases[index] === null) members.push({ index, weight: spendingOf(h), bounds: bounds[index]! });
  });
  if (sharePool.isNegative() || (members.length > 0 && sharePool.isZero())) {
    throw rejectRule(
      ErrorCodes.QUOTA_EXCEEDED,
      `base quotas of ${yuan(baseTotal)} leave ${yuan(sharePool)} of the pool of ${yuan(pool)} for the hospitals with history`,
      'params.baseQuotaYuan',
    );
  }
  const priced: Priced[] = bases.map((b) => (b === null ? basePriced(ZERO) : basePriced(b)));
  const bounded: Array<{ value: Decimal; bound: Bound | null }> = bases.map((b) => ({ value: b ?? ZERO, bound: null }));
  if (members.length === 0) return { priced, bounded, rounds: 0 };
  const totalWeight = sum(members.map((m) => m.weight));
  const unit = sharePool.div(totalWeight);
  const computed = allocate(
    sharePool,
    members.map((m) => m.weight),
  );
  members.forEach((m, k) => {
    priced[m.index] = {
      basis: 'method',
      weight: m.weight,
      perCase: null,
      exact: unit.times(m.weight),
      computed: computed[k]!,
    };
  });
  const split = splitWithinBounds(sharePool, members);
  for (const m of members) bounded[m.index] = split.values.get(m.index)!;
  return { priced, bounded, rounds: split.rounds };
}

/**
 * x_i = clamp(λ w_i, lo_i, hi_i) with Σ x_i = pool. Each round fixes the hospitals whose bound is certain:
 * at the current λ the clamped sum is pool − excess + shortfall, so when excess ≥ shortfall the solution's
 * λ is not below the current one and every hospital above its cap stays capped; otherwise every hospital
 * below its floor stays floored. At least one hospital is fixed per round, so it ends within n rounds.
 */
function splitWithinBounds(
  pool: Decimal,
  members: readonly Member[],
): { values: Map<number, { value: Decimal; bound: Bound | null }>; rounds: number } {
  const fixed = new Map<number, { value: Decimal; bound: Bound }>();
  let rounds = 0;
  let free: Member[] = [...members];
  for (;;) {
    const remaining = pool.minus(sum([...fixed.values()].map((f) => f.value)));
    if (free.length === 0 || remaining.lte(0)) break;
    const unit = remaining.div(sum(free.map((m) => m.weight)));
    let excess = ZERO;
    let shortfall = ZERO;
    const over: Member[] = [];
    const under: Member[] = [];
    for (const m of free) {
      const share = unit.times(m.weight);
      if (m.bounds.hi !== null && share.gt(m.bounds.hi)) {
        excess = excess.plus(share.minus(m.bounds.hi));
        over.push(m);
      } else if (m.bounds.lo !== null && share.lt(m.bounds.lo)) {
        shortfall = shortfall.plus(m.bounds.lo.minus(share));
        under.push(m);
      }
    }
    if (over.length === 0 && under.length === 0) break;
    rounds += 1;
    const fixing = excess.gte(shortfall) ? over : under;
    for (const m of fixing) {
      const bound: Bound = fixing === over ? 'cap' : 'floor';
      fixed.set(m.index, { value: bound === 'cap' ? m.bounds.hi! : m.bounds.lo!, bound });
    }
    free = free.filter((m) => !fixed.has(m.index));
  }
  const remaining = pool.minus(sum([...fixed.values()].map((f) => f.value)));
  if ((free.length === 0 && !remaining.isZero()) || (free.length > 0 && !remaining.isPositive())) {
    const caps = sum(members.map((m) => m.bounds.hi ?? pool));
    const floors = sum(members.map((m) => m.bounds.lo ?? ZERO));
    throw rejectRule(
      ErrorCodes.QUOTA_EXCEEDED,
      `the share pool of ${yuan(pool)} cannot be split within the caps and floors on last year's quotas (floors add up to ${yuan(floors)}, caps to ${yuan(caps)}); change the pool or the cap and floor percentages`,
      'params.capIncreasePercent',
    );
  }
  const values = new Map<number, { value: Decimal; bound: Bound | null }>(fixed);
  if (free.length > 0) {
    const parts = allocate(
      remaining,
      free.map((m) => m.weight),
    );
    free.forEach((m, k) => {
      const value = parts[k]!;
      invariant(
        (m.bounds.hi === null || value.lte(m.bounds.hi)) && (m.bounds.lo === null || value.gte(m.bounds.lo)),
        `largest remainder kept ${m.index} within its whole-fen bounds`,
      );
      values.set(m.index, { value, bound: null });
    });
  }
  return { values, rounds };
}

// ---- lines and totals

function lineOf(
  input: HospitalAllocationInput,
  priced: Priced,
  bounded: { value: Decimal; bound: Bound | null },
  index: number,
): AllocationLine {
  const downgrade =
    input.downgradePercent === null ? ZERO : roundFen(bounded.value.times(input.downgradePercent).div(100));
  const quota = bounded.value.minus(downgrade);
  if (!quota.isPositive()) {
    throw rejectRule(
      ErrorCodes.INVALID_QUOTA_ADJUSTMENT,
      `the quota of ${input.payeeId} would be ${yuan(quota)}; a quota must be positive (give it a base quota or leave it out of the run)`,
      `hospitals[${index}]`,
    );
  }
  const carriedIn = new Decimal(input.carriedInYuan);
  return {
    input,
    basis: priced.basis,
    weightYuan: priced.weight === null ? null : yuan(priced.weight),
    perCaseYuan: priced.perCase === null ? null : yuan(priced.perCase),
    exactYuan: priced.exact.toFixed(6),
    computedYuan: yuan(priced.computed),
    bound: bounded.bound,
    boundedYuan: yuan(bounded.value),
    downgradeYuan: yuan(downgrade),
    quotaYuan: yuan(quota),
    changeYuan: input.lastYearQuotaYuan === null ? null : yuan(quota.minus(input.lastYearQuotaYuan)),
    effectiveQuotaYuan: yuan(quota.plus(carriedIn)),
  };
}

function totalsOf(
  params: AllocationParams,
  pool: Decimal,
  lines: readonly AllocationLine[],
  rounds: number,
): AllocationTotals {
  const total = (pick: (l: AllocationLine) => string): Decimal => sum(lines.map((l) => new Decimal(pick(l))));
  const base = lines.filter((l) => l.basis === 'base_quota');
  const allocated = total((l) => l.quotaYuan);
  const heldBack = total((l) => l.downgradeYuan);
  const carried = total((l) => l.input.carriedInYuan);
  return {
    hospitals: lines.length,
    poolYuan: yuan(pool),
    baseQuotaHospitals: base.length,
    baseQuotaYuan: yuan(sum(base.map((l) => new Decimal(l.computedYuan)))),
    computedYuan: yuan(total((l) => l.computedYuan)),
    capped: lines.filter((l) => l.bound === 'cap').length,
    floored: lines.filter((l) => l.bound === 'floor').length,
    redistributionRounds: rounds,
    downgraded: lines.filter((l) => l.input.downgradePercent !== null).length,
    downgradeHeldBackYuan: yuan(heldBack),
    allocatedYuan: yuan(allocated),
    unallocatedYuan: yuan(pool.minus(allocated).minus(heldBack)),
    withinPool: allocated.lte(pool),
    carriedInYuan: yuan(carried),
    effectiveYuan: yuan(allocated.plus(carried)),
  };
}
