import { Decimal, MAX_AMOUNT_YUAN, MoneyFormatError, allocate, applyRate, parseYuan, roundFen, yuan, yuanProblem } from './money';

// Integer weights may be numbers: decimal.js takes small integers exactly.
const d = (value: string | number): Decimal => new Decimal(value);
const strings = (parts: Decimal[]): string[] => parts.map(yuan);

describe('money: parsing yuan strings', () => {
  it.each(['0.01', '1', '12.3', '4710000.00', '10000000000000'])('accepts %s', (value) => {
    expect(yuanProblem(value)).toBeUndefined();
    expect(yuan(parseYuan(value, 'amountYuan'))).toBe(new Decimal(value).toFixed(2));
  });

  it.each([
    ['1.005', 'more than 2 places'],
    ['1e3', 'exponent notation'],
    ['1E3', 'exponent notation'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['-1', 'negative'],
    ['+1', 'explicit sign'],
    ['01', 'leading zero'],
    ['1.', 'dangling point'],
    ['.5', 'missing integer part'],
    [' 1', 'white space'],
    ['10000000000000.01', 'over 10^13 yuan'],
    ['１２', 'full-width digits'],
    ['', 'empty'],
  ])('refuses %s (%s)', (value) => {
    expect(yuanProblem(value)).toBeDefined();
    expect(() => parseYuan(value, 'amountYuan')).toThrow(MoneyFormatError);
  });

  it.each([[12.5], [null], [undefined], [{}], [['1']], [true]])('refuses the non-string %p', (value) => {
    expect(yuanProblem(value)).toMatch(/decimal string/);
  });

  it('refuses zero where it is meaningless and accepts it where it is allowed', () => {
    expect(yuanProblem('0')).toBe('must be greater than zero');
    expect(yuanProblem('0.00', 'non_negative')).toBeUndefined();
  });

  it('names the field at fault', () => {
    expect(() => parseYuan('1.234', 'grossYuan')).toThrow(/^grossYuan: /);
  });

  it('caps amounts at 10^13 yuan', () => {
    expect(MAX_AMOUNT_YUAN.toFixed(0)).toBe('10000000000000');
  });
});

describe('money: rounding half-up to the fen', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.004', '0.00'],
    ['2.675', '2.68'], // a binary float says 2.67499999...; decimal.js does not
    ['1.015', '1.02'],
    ['-0.005', '-0.01'],
    ['89.16', '89.16'],
  ])('%s -> %s', (input, expected) => {
    expect(yuan(roundFen(d(input)))).toBe(expected);
  });

  it('formats with exactly two places and never "-0.00"', () => {
    expect(yuan(d('471'))).toBe('471.00');
    expect(yuan(d('-0'))).toBe('0.00');
  });

  it('refuses to format an unrounded amount', () => {
    expect(() => yuan(d('1.001'))).toThrow(RangeError);
  });

  it('applies a rate half-up (WE-7 lines)', () => {
    expect(yuan(applyRate(d('3715'), d('0.02')))).toBe('74.30');
    expect(yuan(applyRate(d('3715'), d('0.086')))).toBe('319.49');
    expect(yuan(applyRate(d('3715'), d('0.006')))).toBe('22.29');
    expect(yuan(applyRate(d('297.20'), d('0.30')))).toBe('89.16');
  });
});

describe('money: largest-remainder allocation', () => {
  it('splits WE-12 exactly: 368.47万 at 70/30', () => {
    expect(strings(allocate(d('3684700'), [d('0.7'), d('0.3')]))).toEqual(['2579290.00', '1105410.00']);
    expect(strings(allocate(d('100.00'), [d('0.7'), d('0.3')]))).toEqual(['70.00', '30.00']);
  });

  it('gives leftover fen to the largest remainders, ties to the earlier part', () => {
    expect(strings(allocate(d('0.10'), [d(1), d(1), d(1)]))).toEqual(['0.04', '0.03', '0.03']);
    expect(strings(allocate(d('100.00'), [d(1), d(1), d(1)]))).toEqual(['33.34', '33.33', '33.33']);
    expect(strings(allocate(d('1.00'), [d('0.335'), d('0.665')]))).toEqual(['0.34', '0.66']);
  });

  it('always adds up exactly, whatever the weights', () => {
    const weights = [d('1177.5'), d('3000.25'), d('0.01'), d('9999.99'), d('17'), d('0')];
    for (const total of ['0.00', '0.01', '4710000.00', '12000000.07', '99999999999.99']) {
      const parts = allocate(d(total), weights);
      expect(yuan(parts.reduce((a, b) => a.plus(b), d('0')))).toBe(yuan(d(total)));
      expect(parts[5]!.isZero()).toBe(true);
    }
  });

  it('keeps the sign of a negative total', () => {
    expect(strings(allocate(d('-0.03'), [d(1), d(1)]))).toEqual(['-0.02', '-0.01']);
  });

  it('refuses degenerate input', () => {
    expect(() => allocate(d('1'), [])).toThrow(RangeError);
    expect(() => allocate(d('1'), [d(0), d(0)])).toThrow(RangeError);
    expect(() => allocate(d('1'), [d(-1), d(2)])).toThrow(RangeError);
    expect(() => allocate(d('1.001'), [d(1)])).toThrow(RangeError);
  });
});
