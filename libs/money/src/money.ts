import DecimalJs from 'decimal.js';

/**
 * Money is decimal.js, never a JS number. This constructor is private to the ledger, so no other
 * library's Decimal.set() can change our rounding. 40 significant digits hold 10^13 yuan to the fen
 * with room for intermediate products of rates.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Largest amount accepted anywhere: 10^13 yuan (a city's fund-year is ~10^10). */
export const MAX_AMOUNT_YUAN = new Decimal('1e13');

/** A decimal string in yuan with at most two places: "0", "12.3", "4710000.00". No sign, no exponent. */
const YUAN_PATTERN = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$/;
/** A ratio or rate: "0.086", "70", "1.5". Up to 8 places, no exponent. */
const DECIMAL_PATTERN = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,8})?$/;

export type AmountRule = 'positive' | 'non_negative';

export class MoneyFormatError extends Error {
  override readonly name = 'MoneyFormatError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Why a value is not an acceptable yuan string, or undefined when it is. Used by DTO validators too. */
export function yuanProblem(value: unknown, rule: AmountRule = 'positive'): string | undefined {
  const checked = checkYuan(value, rule);
  return typeof checked === 'string' ? checked : undefined;
}

export function parseYuan(value: unknown, field: string, rule: AmountRule = 'positive'): Decimal {
  const checked = checkYuan(value, rule);
  if (typeof checked === 'string') throw new MoneyFormatError(field, checked);
  return checked;
}

/** The amount, parsed once, or why it is not acceptable. */
function checkYuan(value: unknown, rule: AmountRule): Decimal | string {
  if (typeof value !== 'string') return 'must be a decimal string in yuan, e.g. "1234.56"';
  if (!YUAN_PATTERN.test(value)) {
    return 'must be a non-negative decimal string with at most 2 decimal places and no exponent';
  }
  const amount = new Decimal(value);
  if (amount.gt(MAX_AMOUNT_YUAN)) return 'must not exceed 10000000000000 yuan';
  if (rule === 'positive' && amount.isZero()) return 'must be greater than zero';
  return amount;
}

export function decimalProblem(value: unknown, min?: string, max?: string): string | undefined {
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) {
    return 'must be a non-negative decimal string with at most 8 decimal places and no exponent';
  }
  const d = new Decimal(value);
  if (min !== undefined && d.lt(min)) return `must be at least ${min}`;
  if (max !== undefined && d.gt(max)) return `must be at most ${max}`;
  return undefined;
}

export function parseDecimal(value: unknown, field: string, min?: string, max?: string): Decimal {
  const problem = decimalProblem(value, min, max);
  if (problem) throw new MoneyFormatError(field, problem);
  return new Decimal(value as string);
}

/** Half-up to the fen. */
export function roundFen(amount: Decimal): Decimal {
  return amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** The wire and event format: exactly two places ("4710000.00", "-60.00"). Refuses unrounded input. */
export function yuan(amount: Decimal): string {
  if (!amount.isFinite()) throw new RangeError('amount is not finite');
  if (!amount.equals(roundFen(amount))) throw new RangeError(`amount ${amount.toString()} has more than 2 places`);
  const fixed = amount.toFixed(2);
  return fixed === '-0.00' ? '0.00' : fixed;
}

export const ZERO = new Decimal(0);

export function sum(amounts: readonly Decimal[]): Decimal {
  return amounts.reduce((acc, a) => acc.plus(a), ZERO);
}

export function min(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

/**
 * Splits `total` (to the fen) into parts proportional to `weights`, by largest remainder:
 * each part gets the floor of its exact share in fen, and the leftover fen go one each to the
 * largest fractional remainders (ties: the earlier part). The parts always add up to `total` exactly.
 */
export function allocate(total: Decimal, weights: readonly Decimal[]): Decimal[] {
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  if (!total.equals(roundFen(total))) throw new RangeError('allocate: total has more than 2 places');
  if (weights.some((w) => w.isNegative())) throw new RangeError('allocate: negative weight');
  const weightSum = sum(weights);
  if (weightSum.isZero()) throw new RangeError('allocate: weights add up to zero');
  const sign = total.isNegative() ? -1 : 1;
  const totalFen = total.abs().times(100);
  const shares = weights.map((w, index) => {
    const exactFen = totalFen.times(w).div(weightSum);
    const floorFen = exactFen.floor();
    return { index, floorFen, remainder: exactFen.minus(floorFen) };
  });
  let leftover = totalFen.minus(sum(shares.map((s) => s.floorFen))).toNumber(); // < weights.length, exact
  const order = [...shares].sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  const extra = new Array<number>(weights.length).fill(0);
  for (const share of order) {
    if (leftover <= 0) break;
    extra[share.index] = 1;
    leftover -= 1;
  }
  const parts = shares.map((s) => s.floorFen.plus(extra[s.index]!).div(100).times(sign));
  if (!sum(parts).equals(total)) throw new Error('allocate: parts do not add up (invariant)');
  return parts;
}

/** amount × rate, half-up to the fen. */
export function applyRate(amount: Decimal, rate: Decimal): Decimal {
  return roundFen(amount.times(rate));
}
