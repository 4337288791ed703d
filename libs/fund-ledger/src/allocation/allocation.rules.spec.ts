import fc from 'fast-check';
import { Decimal, sum } from '@ledger/money';
import { DomainError, ErrorCodes } from '../shared/domain-error';
import { caught } from '../test/decider-specification';
import { computeAllocation, type AllocationLine } from './allocation.rules';
import { figure, hospital, params, spending, WE1_HOSPITALS } from './test/allocation-fixtures';

const quotas = (lines: readonly AllocationLine[]) => lines.map((l) => l.quotaYuan);
const total = (values: readonly string[]) => sum(values.map((v) => new Decimal(v))).toFixed(2);

describe('allocation rules: share of history (文登, R-BUD-1)', () => {
  it('WE-1: 12,000万 × 1,177.5万 / 30,000万 = 471万 exactly, and the pool is split to the fen', () => {
    const { lines, totals } = computeAllocation(params(), WE1_HOSPITALS);
    expect(lines[0]).toMatchObject({
      basis: 'method',
      weightYuan: '11775000.00',
      exactYuan: '4710000.000000',
      computedYuan: '4710000.00',
      boundedYuan: '4710000.00',
      quotaYuan: '4710000.00',
      bound: null,
      changeYuan: null,
      effectiveQuotaYuan: '4710000.00',
    });
    expect(quotas(lines)).toEqual(['4710000.00', '57690000.00', '57600000.00']);
    expect(totals).toMatchObject({
      allocatedYuan: '120000000.00',
      unallocatedYuan: '0.00',
      withinPool: true,
      hospitals: 3,
    });
  });

  it('three hospitals with equal history: 100,000,000.00 ÷ 3 adds up exactly, the odd fen to the first', () => {
    const three = ['A', 'B', 'C'].map((id) => hospital(id, { history: spending('1000.00') }));
    const { lines, totals } = computeAllocation(params({ poolYuan: '100000000.00' }), three);
    expect(quotas(lines)).toEqual(['33333333.34', '33333333.33', '33333333.33']);
    expect(lines.map((l) => l.exactYuan)).toEqual(['33333333.333333', '33333333.333333', '33333333.333333']);
    expect(total(quotas(lines))).toBe('100000000.00');
    expect(totals.unallocatedYuan).toBe('0.00');
  });

  it('largest remainder: 1,000.00 over weights 1:1:1:1:1:1:1 gives the 2 leftover fen to the largest remainders', () => {
    const seven = Array.from({ length: 7 }, (_, i) => hospital(`H${i}`, { history: spending('7.00') }));
    const { lines } = computeAllocation(params({ poolYuan: '1000.00' }), seven);
    expect(quotas(lines)).toEqual(['142.86', '142.86', '142.86', '142.86', '142.86', '142.85', '142.85']);
    expect(total(quotas(lines))).toBe('1000.00');
  });

  it('sums every lookback year and ignores none: a missing year counts as no spending', () => {
    const [a, b] = computeAllocation(params({ poolYuan: '900.00' }), [
      hospital('A', { history: spending('100.00', '100.00', '100.00') }),
      hospital('B', { history: spending('300.00') }),
    ]).lines;
    expect([a!.weightYuan, b!.weightYuan]).toEqual(['300.00', '300.00']);
    expect([a!.quotaYuan, b!.quotaYuan]).toEqual(['450.00', '450.00']);
  });
});

describe('allocation rules: caps and floors on the change from last year (default ±15%)', () => {
  const capped = params({ poolYuan: '3000000.00', capIncreasePercent: '15', floorDecreasePercent: '15' });

  it('caps a hospital at last year + 15% and re-shares the excess among the others by weight', () => {
    const { lines, totals } = computeAllocation(capped, [
      hospital('H1', { history: spending('1.00'), lastYearQuotaYuan: '800000.00' }),
      hospital('H2', { history: spending('1.00') }),
      hospital('H3', { history: spending('1.00'), lastYearQuotaYuan: '1000000.00' }),
    ]);
    expect(lines.map((l) => [l.computedYuan, l.bound, l.quotaYuan, l.changeYuan])).toEqual([
      ['1000000.00', 'cap', '920000.00', '120000.00'],
      ['1000000.00', null, '1040000.00', null],
      ['1000000.00', null, '1040000.00', '40000.00'],
    ]);
    expect(totals).toMatchObject({
      capped: 1,
      floored: 0,
      redistributionRounds: 1,
      allocatedYuan: '3000000.00',
      unallocatedYuan: '0.00',
    });
  });

  it('floors a hospital at last year − 15% and takes the shortfall from the others by weight', () => {
    const { lines } = computeAllocation(capped, [
      hospital('H1', { history: spending('1.00'), lastYearQuotaYuan: '1500000.00' }),
      hospital('H2', { history: spending('1.00') }),
      hospital('H3', { history: spending('1.00'), lastYearQuotaYuan: '1000000.00' }),
    ]);
    expect(lines.map((l) => [l.bound, l.quotaYuan])).toEqual([
      ['floor', '1275000.00'],
      [null, '862500.00'],
      [null, '862500.00'],
    ]);
  });

  it('iterates: a cap first (excess 310,000 ≥ shortfall 190,000), then the floor the re-sharing uncovered', () => {
    const { lines, totals } = computeAllocation(
      params({ poolYuan: '4000000.00', capIncreasePercent: '15', floorDecreasePercent: '15' }),
      [
        hospital('H1', { history: spending('1.00'), lastYearQuotaYuan: '600000.00' }),
        hospital('H2', { history: spending('1.00'), lastYearQuotaYuan: '1400000.00' }),
        hospital('H3', { history: spending('1.00'), lastYearQuotaYuan: '1000000.00' }),
        hospital('H4', { history: spending('1.00') }),
      ],
    );
    expect(lines.map((l) => [l.bound, l.quotaYuan])).toEqual([
      ['cap', '690000.00'],
      ['floor', '1190000.00'],
      [null, '1060000.00'],
      [null, '1060000.00'],
    ]);
    expect(totals).toMatchObject({ capped: 1, floored: 1, redistributionRounds: 2, allocatedYuan: '4000000.00' });
  });

  it('bounds are whole fen inside the percentage: a cap rounds down, a floor rounds up', () => {
    const p = params({ poolYuan: '10000.00', capIncreasePercent: '15', floorDecreasePercent: '15' });
    const cap = computeAllocation(p, [
      hospital('H1', { history: spending('9.00'), lastYearQuotaYuan: '333.33' }), // 383.3295 -> 383.32
      hospital('H2', { history: spending('1.00') }),
    ]).lines;
    expect(cap.map((l) => [l.bound, l.quotaYuan])).toEqual([
      ['cap', '383.32'],
      [null, '9616.68'],
    ]);
    const floor = computeAllocation(p, [
      hospital('H1', { history: spending('1.00'), lastYearQuotaYuan: '9000.01' }), // 7650.0085 -> 7650.01
      hospital('H2', { history: spending('9.00') }),
    ]).lines;
    expect(floor.map((l) => [l.bound, l.quotaYuan])).toEqual([
      ['floor', '7650.01'],
      [null, '2349.99'],
    ]);
  });

  it('refuses a pool that cannot be split within the bounds (422 QUOTA_EXCEEDED)', () => {
    const error = caught(() =>
      computeAllocation(params({ poolYuan: '5000000.00', capIncreasePercent: '15', floorDecreasePercent: '15' }), [
        hospital('H1', { history: spending('1.00'), lastYearQuotaYuan: '1000000.00' }),
        hospital('H2', { history: spending('1.00'), lastYearQuotaYuan: '1000000.00' }),
      ]),
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: ErrorCodes.QUOTA_EXCEEDED,
      kind: 'business_rule',
      field: 'params.capIncreasePercent',
    });
  });

  it('clamps the independent methods without re-sharing (per-case quota capped at last year + 15%)', () => {
    const { lines, totals } = computeAllocation(
      params({ method: 'class_per_case', lookbackYears: [2024], capIncreasePercent: '15', floorDecreasePercent: '15' }),
      [
        hospital('A', {
          class: 'sec',
          history: [figure(2024, '9000000.00', 1000)],
          expectedCases: 1100,
          lastYearQuotaYuan: '8000000.00',
        }),
      ],
    );
    expect(lines[0]).toMatchObject({ computedYuan: '9900000.00', bound: 'cap', quotaYuan: '9200000.00' });
    expect(totals.redistributionRounds).toBe(0);
  });

  it('property: quotas add up to the pool, stay within their whole-fen bounds and equal clamp(λ·w) within a fen', () => {
    // Last year's quotas around each hospital's raw share (60%..140%), so caps and floors bind often.
    const arbitrary = fc.record({
      pool: fc.integer({ min: 1_000_000, max: 1_000_000_000 }),
      hospitals: fc.array(
        fc.record({
          weight: fc.integer({ min: 1, max: 1_000_000 }),
          lastPercent: fc.option(fc.integer({ min: 60, max: 140 }), { nil: null }),
        }),
        { minLength: 1, maxLength: 40 },
      ),
    });
    const seen = { feasible: 0, refused: 0, capped: 0, floored: 0 };
    fc.assert(
      fc.property(arbitrary, ({ pool, hospitals }) => {
        const weightTotal = hospitals.reduce((n, h) => n + h.weight, 0);
        const inputs = hospitals.map((h, i) => {
          const last =
            h.lastPercent === null
              ? null
              : new Decimal(pool).times(h.weight).div(weightTotal).times(h.lastPercent).div(100).toDecimalPlaces(2);
          return hospital(`H${i}`, {
            history: spending(`${h.weight}.00`),
            lastYearQuotaYuan: last === null || last.isZero() ? null : last.toFixed(2),
          });
        });
        let table;
        try {
          table = computeAllocation(
            params({ poolYuan: `${pool}.00`, capIncreasePercent: '15', floorDecreasePercent: '15' }),
            inputs,
          );
        } catch (error) {
          // Only an infeasible pool may be refused (every hospital bounded and the pool outside Σ floors..Σ caps).
          expect(error).toMatchObject({ code: ErrorCodes.QUOTA_EXCEEDED });
          seen.refused += 1;
          return;
        }
        seen.feasible += 1;
        seen.capped += table.totals.capped;
        seen.floored += table.totals.floored;
        expect(total(quotas(table.lines))).toBe(`${pool}.00`);
        const free = table.lines.filter((l) => l.bound === null);
        // λ from the free hospitals, then every line is clamp(λ w) to within the rounding.
        const lambda =
          free.length === 0
            ? null
            : sum(free.map((l) => new Decimal(l.quotaYuan))).div(sum(free.map((l) => new Decimal(l.weightYuan!))));
        for (const line of table.lines) {
          const q = new Decimal(line.quotaYuan);
          const last = line.input.lastYearQuotaYuan === null ? null : new Decimal(line.input.lastYearQuotaYuan);
          if (last !== null) {
            expect(q.lte(last.times('1.15'))).toBe(true);
            expect(q.gte(last.times('0.85'))).toBe(true);
          }
          if (lambda !== null) {
            const ideal = lambda.times(line.weightYuan!);
            if (line.bound === 'cap') expect(ideal.plus('0.01').gte(q)).toBe(true);
            if (line.bound === 'floor') expect(ideal.minus('0.01').lte(q)).toBe(true);
            if (line.bound === null) expect(ideal.minus(q).abs().lte('0.01')).toBe(true);
          }
        }
      }),
      { numRuns: 400, seed: 20250101 },
    );
    // The property was exercised where it matters: feasible runs with caps and floors binding.
    expect(seen.feasible).toBeGreaterThan(seen.refused);
    expect(seen.capped).toBeGreaterThan(100);
    expect(seen.floored).toBeGreaterThan(100);
  });
});

describe('allocation rules: base quota for hospitals with no history', () => {
  it('takes base quotas off the pool first and shares the rest by history', () => {
    const { lines, totals } = computeAllocation(params({ poolYuan: '10000000.00', baseQuotaYuan: '500000.00' }), [
      hospital('OLD-1', { history: spending('3.00') }),
      hospital('OLD-2', { history: spending('1.00') }),
      hospital('NEW', {}),
      hospital('NEW-OWN', { baseQuotaYuan: '300000.00', lastYearQuotaYuan: '100000.00' }),
    ]);
    expect(lines.map((l) => [l.basis, l.quotaYuan, l.bound])).toEqual([
      ['method', '6900000.00', null],
      ['method', '2300000.00', null],
      ['base_quota', '500000.00', null],
      ['base_quota', '300000.00', null], // no caps on a base quota
    ]);
    expect(totals).toMatchObject({ baseQuotaHospitals: 2, baseQuotaYuan: '800000.00', allocatedYuan: '10000000.00' });
  });

  it('refuses a hospital without history when no base quota is given (400 naming it)', () => {
    const error = caught(() => computeAllocation(params(), [...WE1_HOSPITALS, hospital('NEW')]));
    expect(error).toMatchObject({ code: ErrorCodes.INVALID_FIELD, field: 'hospitals[3].baseQuotaYuan' });
  });

  it('refuses base quotas that use up the pool', () => {
    const error = caught(() =>
      computeAllocation(params({ poolYuan: '100.00', baseQuotaYuan: '100.00' }), [
        hospital('NEW'),
        hospital('OLD', { history: spending('1.00') }),
      ]),
    );
    expect(error).toMatchObject({ code: ErrorCodes.QUOTA_EXCEEDED, field: 'params.baseQuotaYuan' });
  });
});

describe('allocation rules: downgrade (R-BUD-11) and carried-in credit (R-YE-4)', () => {
  it('WE-16: 3,600万 with a 5% downgrade -> 3,420万; the 180万 is held back, quotas + held back = pool', () => {
    const { lines, totals } = computeAllocation(params({ poolYuan: '36000000.00' }), [
      hospital('H', { history: spending('1.00'), downgradePercent: '5' }),
    ]);
    expect(lines[0]).toMatchObject({
      boundedYuan: '36000000.00',
      downgradeYuan: '1800000.00',
      quotaYuan: '34200000.00',
    });
    expect(totals).toMatchObject({
      downgraded: 1,
      downgradeHeldBackYuan: '1800000.00',
      allocatedYuan: '34200000.00',
      unallocatedYuan: '0.00',
    });
  });

  it('applies the downgrade after the floor, so the floor cannot undo the penalty', () => {
    const { lines } = computeAllocation(
      params({ poolYuan: '2000000.00', capIncreasePercent: '15', floorDecreasePercent: '15' }),
      [
        hospital('PENALISED', { history: spending('1.00'), lastYearQuotaYuan: '1200000.00', downgradePercent: '10' }),
        hospital('OTHER', { history: spending('1.00') }),
      ],
    );
    expect(lines[0]).toMatchObject({
      bound: 'floor',
      boundedYuan: '1020000.00',
      downgradeYuan: '102000.00',
      quotaYuan: '918000.00',
    });
  });

  it('shows the credit carried in from last year beside the quota, outside the pool (WE-1 case B: 471万 + 41万)', () => {
    const [songcun] = computeAllocation(params(), [
      { ...WE1_HOSPITALS[0]!, carriedInYuan: '410000.00' },
      ...WE1_HOSPITALS.slice(1),
    ]).lines;
    expect(songcun).toMatchObject({ quotaYuan: '4710000.00', effectiveQuotaYuan: '5120000.00' });
  });
});

describe('allocation rules: per-capita history (兵团, R-BUD-4/5)', () => {
  const threeYears = [
    figure(2022, '9000000.00', 1000),
    figure(2023, '9900000.00', 1100),
    figure(2024, '10800000.00', 1200),
  ];

  it('3-year per-case cost × expected cases × growth factors, half-up to the fen', () => {
    const p = params({
      method: 'per_capita_history',
      factors: { economicGrowth: '1.05', priceIndex: '1.02', hospitalDevelopment: '1' },
    });
    const { lines } = computeAllocation(p, [
      hospital('BT-2', { history: threeYears, expectedCases: 1250, developmentFactor: '1.03' }),
      hospital('BT-3', { history: threeYears, expectedCases: 1250 }),
    ]);
    // 29,700,000 / 3,300 = 9,000.00 per case; × 1,250 × 1.05 × 1.02 × 1.03 = 12,410,212.50
    expect(lines[0]).toMatchObject({ perCaseYuan: '9000.00', exactYuan: '12410212.500000', quotaYuan: '12410212.50' });
    expect(lines[1]).toMatchObject({ exactYuan: '12048750.000000', quotaYuan: '12048750.00' });
  });

  it('refuses missing case counts and missing expected cases (400 naming the field)', () => {
    const p = params({ method: 'per_capita_history' });
    expect(
      caught(() => computeAllocation(p, [hospital('X', { history: spending('1.00'), expectedCases: 5 })])),
    ).toMatchObject({
      code: ErrorCodes.INVALID_FIELD,
      field: 'hospitals[0].history[0].cases',
    });
    expect(caught(() => computeAllocation(p, [hospital('X', { history: threeYears })]))).toMatchObject({
      field: 'hospitals[0].expectedCases',
    });
  });

  it('reports (not hides) quotas above the pool: withinPool false, a negative unallocated amount', () => {
    const { totals } = computeAllocation(params({ method: 'per_capita_history', poolYuan: '10000000.00' }), [
      hospital('BT', { history: threeYears, expectedCases: 1250 }),
    ]);
    expect(totals).toMatchObject({ allocatedYuan: '11250000.00', unallocatedYuan: '-1250000.00', withinPool: false });
  });
});

describe('allocation rules: class per-case quota (××市, R-BUD-6)', () => {
  const we2 = [
    hospital('A', { class: 'secondary', history: [figure(2024, '9000000.00', 1000)], expectedCases: 1100 }),
    hospital('B', { class: 'secondary', history: [figure(2024, '5700000.00', 600)], expectedCases: 600 }),
    hospital('C', { class: 'secondary', history: [figure(2024, '3400000.00', 400)], expectedCases: 400 }),
  ];
  const classParams = params({ method: 'class_per_case', lookbackYears: [2024], poolYuan: '20000000.00' });

  it('WE-2: (9,000×1,000 + 9,500×600 + 8,500×400) ÷ 2,000 = 9,050.00 per case; A: 1,100 × 9,050 = 9,955,000.00', () => {
    const { lines, classRates } = computeAllocation(classParams, we2);
    expect(classRates).toEqual([
      { class: 'secondary', hospitals: 3, spendingYuan: '18100000.00', cases: 2000, perCaseYuan: '9050.00' },
    ]);
    expect(lines.map((l) => [l.input.payeeId, l.perCaseYuan, l.quotaYuan])).toEqual([
      ['A', '9050.00', '9955000.00'],
      ['B', '9050.00', '5430000.00'],
      ['C', '9050.00', '3620000.00'],
    ]);
  });

  it('prices a hospital without own history by its class, and gives a class without data the base quota', () => {
    const { lines } = computeAllocation({ ...classParams, baseQuotaYuan: '100000.00' }, [
      ...we2,
      hospital('D-NEW', { class: 'secondary', expectedCases: 10 }),
      hospital('E-TCM', { class: 'tcm', expectedCases: 10 }),
    ]);
    expect(lines.slice(3).map((l) => [l.basis, l.quotaYuan])).toEqual([
      ['method', '90500.00'],
      ['base_quota', '100000.00'],
    ]);
  });
});
