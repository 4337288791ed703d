import { Decimal } from '@ledger/money';
import type { Decider } from '../shared/decider';
import { balanceByFund, type Posting } from '../shared/journal';
import { given, specification } from '../test/decider-specification';
import { collectionsDecider } from '../contributions/contributions.decider';
import type { CollectionStreamEvent } from '../contributions/contributions.events';
import { evolveCollections, initialCollectionsState, type CollectionsState } from '../contributions/contributions.state';
import { MATERNITY, PERSONAL, POOLED, shenyangRates } from '../contributions/test/contribution-fixtures';
import type { FundBookEvent } from '../fund-book/fund-book.events';
import { evolveFundBook, initialFundBookState, type FundBookState } from '../fund-book/fund-book.state';
import { history as fundBookHistory, JULY, on as fundBookOn, openingBalance, OPENING_DAY, payment, reimbursement } from '../fund-book/test/fund-book-fixtures';
import { fundBookDecider } from '../fund-book/fund-book.decider';
import type { HospitalBudgetEvent } from '../hospital-budget/hospital-budget.events';
import { currentQuota, evolve, initialState, paidTowardYear, type HospitalBudgetState } from '../hospital-budget/hospital-budget.state';
import { scenarioDecider } from '../hospital-budget/test/given';
import {
  adjustQuota,
  BEFORE_YEAR,
  clawback,
  closedYear,
  fine,
  history,
  KEY,
  MID_YEAR,
  on,
  prepay,
  prepaymentDay,
  setQuota,
  settle,
  settlementDay,
} from '../hospital-budget/test/hospital-budget.fixtures';
import { decideCancelPenaltyOnAppeal } from '../hospital-budget/cancel-penalty-on-appeal/cancel-penalty-on-appeal.decider';
import { cancelPenalty, givenFor } from '../hospital-budget/file-objection/test/due-process.fixtures';
import { decideBudgetReversal } from './budget-reversal.decider';
import { decideCollectionReversal } from './collection-reversal.decider';
import { decideFundPaymentReversal } from './fund-payment-reversal.decider';
import { ReversalErrorCodes } from './reversal.errors';
import { assertReversibleKind, type ReversalTarget, type ReverseEvent } from './reversal.rules';
import { budgetStreamName } from '../hospital-budget/hospital-budget.events';

const REQUESTER = { actor: 'zhang.san', role: 'finance' };
const APPROVER = { actor: 'li.si', role: 'finance' };
const STREAM = budgetStreamName(KEY.fundId, KEY.payeeId, KEY.year);

const budgetReversals: Decider<ReverseEvent, HospitalBudgetEvent, HospitalBudgetState> = {
  initialState,
  evolve,
  decide: decideBudgetReversal,
};

/** The event at `revision` of a history, as the handler reads it (ids stand in for the store's uuids). */
function targetOf(events: readonly { type: string; data: unknown }[], revision: number, stream = STREAM): ReversalTarget {
  const event = events[revision]!;
  const data = event.data as Record<string, unknown>;
  const effectiveDate = typeof data['effectiveDate'] === 'string' ? data['effectiveDate'] : '2025-03-31';
  return { eventId: `ev-${revision}`, stream, revision: String(revision), type: event.type, data, effectiveDate };
}

function reverse(target: ReversalTarget, requestRevision: string | null = '0'): ReverseEvent {
  return {
    type: 'ReverseEvent',
    target,
    request: {
      requestStream: `reversal-${target.eventId}`,
      requestRevision,
      reason: '录入错误',
      requestedBy: REQUESTER,
      approvedBy: requestRevision === null ? null : APPROVER,
    },
  };
}

const negated = (postings: readonly Posting[]): Posting[] =>
  postings.map((p) => ({ ...p, side: p.side === 'debit' ? 'credit' : 'debit' }));

const postingsOfEvent = (event: { data: unknown }): Posting[] => (event.data as { postings: Posting[] }).postings;

describe('reversals (红字冲销) of hospital-budget events', () => {
  // 0 QuotaSet, 1 prepayment of January, 2 January settled (wrong claim), 3 a quota increase
  const year = history([
    [setQuota('12000000.00'), BEFORE_YEAR],
    [prepay(1, '1000000.00'), prepaymentDay(1)],
    [settle(1, '1200000.00'), settlementDay(1)],
    [adjustQuota({ reason: 'normal_overrun_increase', direction: 'increase', amountYuan: '500000.00', note: 'R-BUD-9' }), MID_YEAR],
  ]);
  const spec = specification(budgetReversals);

  it('a reversed settlement posts the exact negation, reopens its month, and the corrected settlement is exact', () => {
    const { events, state } = spec.given(year).when(reverse(targetOf(year, 2)), MID_YEAR).thenEvents();
    expect(events).toHaveLength(1);
    const [reversal] = events;
    expect(reversal!.type).toBe('EventReversed');
    expect(reversal!.data).toMatchObject({
      reversedEventId: 'ev-2',
      reversedRevision: '2',
      requestStream: 'reversal-ev-2',
      requestedBy: REQUESTER,
      approvedBy: APPROVER,
      reason: '录入错误',
      effectiveDate: MID_YEAR.effectiveDate,
    });
    expect((reversal!.data as unknown as { postings: Posting[] }).postings).toEqual(negated(postingsOfEvent(year[2]!)));
    for (const balance of balanceByFund([...postingsOfEvent(year[2]!), ...postingsOfEvent(reversal!)]).values()) {
      expect(balance.isZero()).toBe(true);
    }
    expect(state.settledMonths).toEqual([]);
    expect(state.approvedYuan.toFixed(2)).toBe('0.00');
    expect(state.prepaidOutstandingYuan.toFixed(2)).toBe('1000000.00');
    const [corrected] = scenarioDecider.decide(settle(1, '1100000.00'), state, MID_YEAR);
    expect(corrected!.data).toMatchObject({ month: 1, approvedYuan: '1100000.00', prepaidOffsetYuan: '1000000.00', netPaymentYuan: '100000.00' });
  });

  it('a reversed prepayment frees its quota room and its month can be prepaid again', () => {
    const prepaid = history([
      [setQuota('1000000.00'), BEFORE_YEAR],
      [prepay(1, '1000000.00'), prepaymentDay(1)],
    ]);
    const { state } = spec.given(prepaid).when(reverse(targetOf(prepaid, 1)), prepaymentDay(2)).thenEvents();
    expect(paidTowardYear(state).toFixed(2)).toBe('0.00');
    expect(state.prepaidMonths).toEqual([]);
    expect(state.withheldYuan.toFixed(2)).toBe('0.00');
    const [again] = scenarioDecider.decide(prepay(1, '1000000.00'), state, prepaymentDay(2));
    expect(again!.type).toBe('PrepaymentDisbursed');
  });

  it('a reversed quota adjustment restores the quota (no postings to negate)', () => {
    const { events, state } = spec.given(year).when(reverse(targetOf(year, 3)), MID_YEAR).thenEvents();
    expect((events[0]!.data as unknown as { postings: Posting[] }).postings).toEqual([]);
    expect(currentQuota(state)?.toFixed(2)).toBe('12000000.00');
  });

  it('a reversed clawback withdraws its receivable', () => {
    const clawed = history([[clawback('CB-1', '7200.00'), MID_YEAR]], year);
    const { state } = spec.given(clawed).when(reverse(targetOf(clawed, 4)), MID_YEAR).thenEvents();
    expect(state.inYearClawbacksYuan.toFixed(2)).toBe('0.00');
    expect(state.receivables).toEqual([]);
  });

  it('422 REVERSAL_BLOCKED: a fine cancelled on appeal has nothing left to reverse', () => {
    const fined = history([[fine('FN-1', '1000.00', '2'), MID_YEAR]], year);
    const cancelled = [...fined, ...givenFor(decideCancelPenaltyOnAppeal)(fined).when(cancelPenalty('fine', 'FN-1'), MID_YEAR).events()];
    spec.given(fined).when(reverse(targetOf(fined, 4)), MID_YEAR).thenEvents();
    spec.given(cancelled).when(reverse(targetOf(cancelled, 4)), MID_YEAR).thenRejects({ code: ReversalErrorCodes.REVERSAL_BLOCKED, field: 'eventId' });
  });

  it('422 REVERSAL_BLOCKED: a prepayment already offset by a settlement (reverse the settlement first)', () => {
    spec.given(year).when(reverse(targetOf(year, 1)), MID_YEAR).thenRejects({ code: ReversalErrorCodes.REVERSAL_BLOCKED, field: 'eventId' });
  });

  it('422 ALREADY_REVERSED for another request; nothing again for the request that reversed it (a retried approval)', () => {
    const [reversal] = spec.given(year).when(reverse(targetOf(year, 2)), MID_YEAR).events();
    const after = [...year, reversal!];
    spec.given(after).when(reverse(targetOf(year, 2), '2'), MID_YEAR).thenRejects({ code: ReversalErrorCodes.ALREADY_REVERSED, kind: 'business_rule' });
    spec.given(after).when(reverse(targetOf(year, 2), '0'), MID_YEAR).thenNothing();
    spec.given(after).when(reverse(targetOf(year, 2), null), MID_YEAR).thenRejects({ code: ReversalErrorCodes.ALREADY_REVERSED });
  });

  it('422 PERIOD_CLOSED in a settled hospital-year, naming the late item that corrects it', () => {
    const closed = closedYear();
    const error = spec.given(closed).when(reverse(targetOf(closed, 0)), on('2025-02-01')).thenRejects({ code: 'PERIOD_CLOSED', kind: 'business_rule' });
    expect(error.message).toMatch(/late item/);
  });

  it('422 REVERSAL_OF_REVERSAL and NOT_A_MONEY_EVENT (shared by every area)', () => {
    const [reversal] = spec.given(year).when(reverse(targetOf(year, 2)), MID_YEAR).events();
    const caught = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(caught(() => assertReversibleKind(targetOf([...year, reversal!], 4)))).toMatchObject({ code: ReversalErrorCodes.REVERSAL_OF_REVERSAL });
    expect(caught(() => assertReversibleKind(targetOf(year, 0)))).toMatchObject({ code: ReversalErrorCodes.NOT_A_MONEY_EVENT });
    expect(caught(() => assertReversibleKind({ ...targetOf(year, 2), stream: 'payee-H001' }))).toMatchObject({ code: ReversalErrorCodes.NOT_A_MONEY_EVENT });
    expect(assertReversibleKind(targetOf(year, 3))).toBe('hospital_budget');
  });

  it('400 INVALID_FIELD: a reversal dated before the event it reverses', () => {
    spec.given(year).when(reverse(targetOf(year, 2)), on('2024-01-15')).thenRejects({ code: "INVALID_FIELD", kind: "validation", field: "effectiveDate" });
  });
});

describe('reversal of a payroll contribution: its split across funds negated exactly', () => {
  const collections: Decider<ReverseEvent, CollectionStreamEvent, CollectionsState> = {
    initialState: initialCollectionsState,
    evolve: evolveCollections,
    decide: decideCollectionReversal,
  };
  const command = {
    type: 'CollectPayrollContribution' as const,
    data: { collectionId: 'C-1', employerId: 'E42', period: '2025-03', declaredBaseYuan: '3000.00', headcount: 1, rates: shenyangRates },
  };
  const booked = collectionsDecider.decide(command, collectionsDecider.initialState(), fundBookOn('2025-03-31'));
  const stream = `contributions-${POOLED}-2025-03`;

  it('negates pooled 208.04, personal 163.46 and maternity 22.29, and frees the collection id', () => {
    const { events, state } = specification(collections).given(booked).when(reverse(targetOf(booked, 0, stream)), fundBookOn('2025-04-02')).thenEvents();
    const postings = (events[0]!.data as unknown as { postings: Posting[] }).postings;
    expect(postings).toEqual(negated(postingsOfEvent(booked[0]!)));
    const byFund = new Map<string, Decimal>();
    for (const p of postings) if (p.account.endsWith(':cash')) byFund.set(p.fundId, new Decimal(p.amountYuan));
    expect(Object.fromEntries([...byFund].map(([f, a]) => [f, a.toFixed(2)]))).toEqual({ [POOLED]: '208.04', [PERSONAL]: '163.46', [MATERNITY]: '22.29' });
    expect(state.collectionIds.has('C-1')).toBe(false);
    expect(collectionsDecider.decide(command, state, fundBookOn('2025-04-02'))).toHaveLength(1);
  });
});

describe('reversal of a fund payment in the fund book', () => {
  const book: Decider<ReverseEvent, FundBookEvent, FundBookState> = {
    initialState: initialFundBookState,
    evolve: evolveFundBook,
    decide: decideFundPaymentReversal,
  };
  const events = fundBookHistory([
    [openingBalance(), OPENING_DAY],
    [payment(reimbursement()), JULY],
  ]);

  it('negates the payment and frees its payment id; an opening balance is not reversed here', () => {
    const { events: decided, state } = given(book, events).when(reverse(targetOf(events, 1, 'fundbook-QZ-RES')), JULY).thenEvents();
    expect((decided[0]!.data as unknown as { postings: Posting[] }).postings).toEqual(negated(postingsOfEvent(events[1]!)));
    expect(fundBookDecider.decide(payment(reimbursement()), state, JULY)).toHaveLength(1);
    given(book, events).when(reverse(targetOf(events, 0, 'fundbook-QZ-RES')), JULY).thenRejects({ code: ReversalErrorCodes.REVERSAL_NOT_SUPPORTED });
  });
});
