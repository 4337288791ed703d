import { ErrorCodes } from '../../shared/domain-error';
import { DueProcessErrorCodes } from '../hospital-budget.due-process.errors';
import type { HospitalBudgetEvent } from '../hospital-budget.events';
import { decideFileObjection } from '../file-objection/file-objection.decider';
import { decideObjection, fileObjection, givenFor, januarySettled, JANUARY_REFUSALS, STATEMENT_DAY } from '../file-objection/test/due-process.fixtures';
import { given as givenBudget } from '../test/given';
import {
  AFTER_YEAR,
  BEFORE_YEAR,
  CO_FUND,
  history,
  on,
  prepay,
  prepaymentDay,
  score,
  setQuota,
  settle,
  settleYearEnd,
} from '../test/hospital-budget.fixtures';
import { decideDecideObjection } from './decide-objection.decider';

const given = givenFor(decideDecideObjection);
const DECIDED = on('2024-02-25');

function objected(settled: HospitalBudgetEvent[] = januarySettled()): HospitalBudgetEvent[] {
  const filed = givenFor(decideFileObjection)(settled).when(fileObjection('2024-02-12'), on('2024-02-12')).events();
  return [...settled, ...filed];
}

const base = { fundId: 'EMP', payeeId: 'H001', year: 2024, effectiveDate: '2024-02-25' };
const line0 = { line: 0, ruleId: 'R-ENF-7', caseRef: 'ZY-0123', refusedYuan: '24000.00', overturnedYuan: '24000.00' };

describe('DecideObjection: upheld pays the overturned part (补充结算) within the cash cap; rejected pays nothing', () => {
  it('upheld within the cap: the whole overturned line is paid in cash and counts in approved (A)', () => {
    const { events, state } = given(objected()).when(decideObjection(), DECIDED).thenEvents();
    expect(events).toStrictEqual([
      {
        type: 'ObjectionDecided',
        data: { ...base, objectionId: 'OBJ-2024-01', month: 1, decision: 'upheld', overturned: [line0], overturnedYuan: '24000.00', decisionRef: '医保复字〔2024〕2号', reason: '复核确认' },
      },
      {
        type: 'SupplementarySettlementPosted',
        data: {
          ...base,
          supplementaryId: 'SUPP-2024-01',
          objectionId: 'OBJ-2024-01',
          month: 1,
          lines: [line0],
          amountYuan: '24000.00',
          coFunding: null,
          primaryYuan: '24000.00',
          quotaYuan: '36000000.00',
          paidTowardYearBeforeYuan: '3135466.67',
          roomYuan: '32864533.33',
          payableYuan: '24000.00',
          deferredYuan: '0.00',
          netPaymentYuan: '24000.00',
          policyVersion: 'policy-EMP-2024@3',
          agreement: { status: 'active', validFrom: '2024-01-01', validTo: '2024-12-31' },
          postings: [
            { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '24000.00' },
            { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '24000.00' },
          ],
        },
      },
    ]);
    expect(state.approvedYuan.toFixed(2)).toBe('3159466.67');
    expect(state.settlementCashYuan.toFixed(2)).toBe('159466.67');
    expect(state.dueProcess.objections[0]).toMatchObject({ decision: 'upheld', decidedOn: '2024-02-25' });
  });

  it('upheld beyond the cap: what the quota has no room for is deferred to the year end, and the year end takes it in (A and DP)', () => {
    // Quota 3,150,000: after January 3,135,466.67 is paid toward the year, room 14,533.33.
    const events = given(objected(januarySettled('3150000.00'))).when(decideObjection(), DECIDED).events();
    const supplementary = events[1]!;
    expect(supplementary.data).toMatchObject({ roomYuan: '14533.33', payableYuan: '14533.33', deferredYuan: '9466.67', netPaymentYuan: '14533.33' });
    expect((supplementary.data as { postings: unknown }).postings).toStrictEqual([
      { fundId: 'EMP', account: 'EMP:expense:settlements', side: 'debit', amountYuan: '24000.00' },
      { fundId: 'EMP', account: 'EMP:cash', side: 'credit', amountYuan: '14533.33' },
      { fundId: 'EMP', account: 'EMP:hospital:H001:deferred_payable', side: 'credit', amountYuan: '9466.67' },
    ]);
    const year = history([[score('90'), on('2024-11-25')]], [...objected(januarySettled('3150000.00')), ...events]);
    const yearEnd = givenBudget(year).when(settleYearEnd(), AFTER_YEAR).events()[0]!;
    expect(yearEnd.data).toMatchObject({ inputs: { approvedYuan: '3159466.67', actualYuan: '3159466.67', settlementPayableYuan: '150000.00', deferredPayableYuan: '9466.67' } });
  });

  it('the year-end settlement waits while an objection is undecided (422 OBJECTION_PENDING), and runs once it is decided', () => {
    const undecided = history([[score('90'), on('2024-11-25')]], objected());
    givenBudget(undecided).when(settleYearEnd(), AFTER_YEAR).thenRejects({ code: DueProcessErrorCodes.OBJECTION_PENDING, kind: 'business_rule' });
    const decided = given(objected()).when(decideObjection({ decision: 'rejected', overturned: [] }), DECIDED).events();
    const year = history([[score('90'), on('2024-11-25')]], [...objected(), ...decided]);
    expect(givenBudget(year).when(settleYearEnd(), AFTER_YEAR).events().map((event) => event.type)).toEqual(['YearEndSettled']);
  });

  it('upheld in part: only the amount overturned is paid', () => {
    const events = given(objected()).when(decideObjection({ overturned: [{ line: 0, amountYuan: '8000.00' }, { line: 1 }] }), DECIDED).events();
    expect(events[0]!.data).toMatchObject({ overturnedYuan: '15200.00' });
    expect(events[1]!.data).toMatchObject({ amountYuan: '15200.00', payableYuan: '15200.00', lines: [{ line: 0, overturnedYuan: '8000.00' }, { line: 1, overturnedYuan: '7200.00' }] });
  });

  it('a co-funded month is split again by its ratio: each fund pays its share', () => {
    const coFunded = history([
      [setQuota(), BEFORE_YEAR],
      [prepay(1), prepaymentDay(1)],
      [settle(1, '3166666.67', { refusals: JANUARY_REFUSALS, coFunding: { fundId: CO_FUND, ratio: '0.30' } }), STATEMENT_DAY],
    ]);
    const events = given(objected(coFunded)).when(decideObjection(), DECIDED).events();
    expect(events[1]!.data).toMatchObject({
      amountYuan: '24000.00',
      primaryYuan: '16800.00',
      coFunding: { fundId: 'MA', ratio: '0.30', primaryYuan: '16800.00', coFundedYuan: '7200.00' },
    });
    expect(events[1]!.data).toMatchObject({ postings: expect.arrayContaining([{ fundId: 'MA', account: 'MA:cash', side: 'credit', amountYuan: '7200.00' }]) as unknown });
  });

  it('rejected: recorded, nothing paid, nothing counted', () => {
    const { events, state } = given(objected()).when(decideObjection({ decision: 'rejected', overturned: [] }), DECIDED).thenEvents();
    expect(events).toStrictEqual([
      {
        type: 'ObjectionDecided',
        data: { ...base, objectionId: 'OBJ-2024-01', month: 1, decision: 'rejected', overturned: [], overturnedYuan: '0.00', decisionRef: '医保复字〔2024〕2号', reason: '复核确认' },
      },
    ]);
    expect(state.approvedYuan.toFixed(2)).toBe('3135466.67');
    given(objected()).when(decideObjection({ decision: 'rejected' }), DECIDED).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'overturned' });
  });

  it('decides once; needs an objection; overturns only contested lines, at most what was refused', () => {
    const decided = [...objected(), ...given(objected()).when(decideObjection(), DECIDED).events()];
    given(decided).when(decideObjection({ decision: 'rejected', overturned: [] }), DECIDED).thenRejects({ code: DueProcessErrorCodes.OBJECTION_ALREADY_DECIDED, kind: 'business_rule' });
    given(januarySettled()).when(decideObjection(), DECIDED).thenRejects({ code: DueProcessErrorCodes.OBJECTION_NOT_FOUND, kind: 'not_found', field: 'month' });
    const onlyLine1 = [
      ...januarySettled(),
      ...givenFor(decideFileObjection)(januarySettled()).when(fileObjection('2024-02-12', { lines: [1] }), on('2024-02-12')).events(),
    ];
    given(onlyLine1).when(decideObjection(), DECIDED).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'overturned[0].line' });
    given(objected()).when(decideObjection({ overturned: [{ line: 0, amountYuan: '24000.01' }] }), DECIDED).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'overturned[0].amountYuan' });
    given(objected()).when(decideObjection({ overturned: [] }), DECIDED).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'overturned' });
    given(objected()).when(decideObjection({ agreement: { status: 'suspended', validFrom: '2024-01-01', validTo: '2024-12-31' } }), DECIDED).thenThrows(ErrorCodes.AGREEMENT_INACTIVE);
  });
});
