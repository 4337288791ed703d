import { parseYuan } from '@ledger/money';

/**
 * Integer fen inside the fold, decimal yuan strings at the edge. The conversion goes through decimal.js
 * (parseYuan checks the format: at most two places, no sign, no exponent), never through a JS number.
 */
export function yuanToFen(amountYuan: unknown, field: string): bigint {
  return BigInt(parseYuan(amountYuan, field, 'non_negative').times(100).toFixed(0));
}

export function fenToYuan(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}
