/**
 * Amounts arrive as decimal strings in yuan (at most two places). They are shown as 元 with thousands
 * separators and exactly two decimals, by string manipulation only: a JS number would lose fen on large
 * amounts (and on sums), so no amount shown on screen ever passes through one.
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

/** "30000000" -> "30,000,000" (digits only). */
function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i += 1) {
    const fromEnd = digits.length - i;
    out += digits[i];
    if (fromEnd > 1 && fromEnd % 3 === 1) out += ',';
  }
  return out;
}

/** Adds one to a string of digits ("0999" -> "1000"), for a half-up carry. */
function incrementDigits(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    if (chars[i] !== '9') {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
    chars[i] = '0';
  }
  return `1${chars.join('')}`;
}

/** Integer and two-place fraction of a decimal string, half-up to the fen (the API never sends more). */
function toFen(text: string): { negative: boolean; integer: string; fraction: string } | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const negative = match[1] === '-';
  let integer = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  let fraction = (match[3] ?? '').padEnd(3, '0');
  const roundUp = Number(fraction[2]) >= 5;
  fraction = fraction.slice(0, 2);
  if (roundUp) {
    const carried = incrementDigits(integer + fraction);
    integer = carried.slice(0, -2) || '0';
    fraction = carried.slice(-2);
  }
  const zero = /^0+$/.test(integer) && fraction === '00';
  return { negative: negative && !zero, integer, fraction };
}

/** "3142666.67" -> "3,142,666.67"; "-7200" -> "-7,200.00"; null or empty -> "—"; not a decimal -> as sent. */
export function formatYuan(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const parts = toFen(value);
  if (!parts) return value;
  return `${parts.negative ? '-' : ''}${groupThousands(parts.integer)}.${parts.fraction}`;
}

/** With the unit: "3,142,666.67 元". */
export function formatYuanWithUnit(value: string | null | undefined): string {
  const text = formatYuan(value);
  return text === '—' ? text : `${text} 元`;
}

/** A percentage string from the API ("8.71") -> "8.71%". */
export function formatPercent(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : `${value}%`;
}

/**
 * A chart's bar heights and line points are geometry, not figures: ECharts needs numbers to draw, and a
 * pixel's worth of rounding is invisible. Every figure a person reads (labels, tooltips, tables) comes from
 * formatYuan on the original string.
 */
export function chartNumber(value: string | null | undefined): number {
  const parts = value ? toFen(value) : undefined;
  return parts ? Number(`${parts.negative ? '-' : ''}${parts.integer}.${parts.fraction}`) : 0;
}
