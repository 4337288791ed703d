import { Decimal } from '@ledger/money';
import { fenToYuan, type Values } from '@ledger/read-store';

/**
 * Money in the durable read models: integer fen (bigint) in the rows, Decimal in the folds, yuan strings
 * at the edge. Every amount a fold holds is at the fen (the events carry at most two places), so the
 * conversion is exact; one that is not is a bug and throws rather than rounding.
 */
export function decimalToFen(value: Decimal): bigint {
  const fen = value.times(100);
  if (!fen.isInteger()) throw new RangeError(`amount ${value.toString()} is not at the fen`);
  return BigInt(fen.toFixed(0));
}

export function fenToDecimal(fen: bigint): Decimal {
  return new Decimal(fenToYuan(fen));
}

/** A fen column of a row (0 when absent or null). */
export function fenOf(values: Values | undefined, column: string): bigint {
  const value = values?.[column];
  return typeof value === 'bigint' ? value : 0n;
}
