import { chartNumber, formatPercent, formatYuan, formatYuanWithUnit } from './money';

describe('formatYuan: decimal strings to 元 with separators and two decimals, never through a float', () => {
  it.each([
    ['0', '0.00'],
    ['0.00', '0.00'],
    ['12.3', '12.30'],
    ['999', '999.00'],
    ['1000', '1,000.00'],
    ['24000.00', '24,000.00'],
    ['3142666.67', '3,142,666.67'],
    ['30000000.00', '30,000,000.00'],
    ['-7200.00', '-7,200.00'],
    ['-0.00', '0.00'],
    ['007.10', '7.10'],
  ])('%s -> %s', (input, expected) => {
    expect(formatYuan(input)).toBe(expected);
  });

  it('keeps every fen of an amount a double would round (above 2^53 fen)', () => {
    expect(formatYuan('90071992547409.93')).toBe('90,071,992,547,409.93');
    expect(formatYuan('1234567890123456789.01')).toBe('1,234,567,890,123,456,789.01');
  });

  it('rounds a third place half-up to the fen, carrying through the integer', () => {
    expect(formatYuan('1.005')).toBe('1.01');
    expect(formatYuan('1.004')).toBe('1.00');
    expect(formatYuan('999.995')).toBe('1,000.00');
    expect(formatYuan('-0.004')).toBe('0.00');
  });

  it('shows a dash for a missing amount and anything else as sent', () => {
    expect(formatYuan(null)).toBe('—');
    expect(formatYuan(undefined)).toBe('—');
    expect(formatYuan('n/a')).toBe('n/a');
  });

  it('adds the unit and formats percentages', () => {
    expect(formatYuanWithUnit('26400000.00')).toBe('26,400,000.00 元');
    expect(formatYuanWithUnit(null)).toBe('—');
    expect(formatPercent('8.71')).toBe('8.71%');
    expect(formatPercent(null)).toBe('—');
  });

  it('gives charts a number to draw', () => {
    expect(chartNumber('-7200.00')).toBe(-7200);
    expect(chartNumber(null)).toBe(0);
  });
});
