import { Decimal, yuan } from '@ledger/money';
import type { DecisionContext } from '../shared/decider';
import { invariant } from '../shared/decider';
import { ErrorCodes, rejectRule } from '../shared/domain-error';
import type { EventReversed, ReversibleBudgetEvent } from '../hospital-budget/hospital-budget.events';
import { assertEffectiveDate, eventBase } from '../hospital-budget/hospital-budget.guards';
import {
  currentQuota,
  describeKey,
  findReceivable,
  type HospitalBudgetState,
  paidTowardYear,
  sameKey,
} from '../hospital-budget/hospital-budget.state';
import { penaltyOf } from '../hospital-budget/hospital-budget.due-process.state';
import { ReversalErrorCodes, refuseReversal } from './reversal.errors';
import {
  assertNotBeforeTarget,
  negatePostings,
  postingsOf,
  reversalFacts,
  reversalStatus,
  type ReverseEvent,
} from './reversal.rules';

const REVERSIBLE: ReadonlyArray<ReversibleBudgetEvent['type']> = [
  'QuotaAdjusted',
  'PrepaymentDisbursed',
  'MonthlySettlementPosted',
  'ClawbackAssessed',
  'ReceivableRecovered',
  'LiquidatedDamagesAssessed',
  'FineImposed',
];

/**
 * Reverses a money event of a hospital-year (budget-{fundId}.{payeeId}.{year}) in that stream, at its
 * current revision. A settled year stays closed: the correction then goes into the open year as a late
 * item (a late clawback or damages naming the service year), never into the closed one.
 */
export function decideBudgetReversal(
  command: ReverseEvent,
  state: HospitalBudgetState,
  context: DecisionContext,
): EventReversed[] {
  const reversed = checkBudgetReversal(command, state, context);
  if (reversed === null) return [];
  invariant(state.key !== null, 'a reversed event belongs to an existing stream');
  const postings = negatePostings(postingsOf(command.target));
  return [
    {
      type: 'EventReversed',
      data: { ...eventBase(state.key, context.effectiveDate), ...reversalFacts(command, postings), reversed },
    },
  ];
}

/** The event to undo, or null when this request already reversed it; refuses what may not be reversed now. */
export function checkBudgetReversal(
  command: ReverseEvent,
  state: HospitalBudgetState,
  context: DecisionContext,
): ReversibleBudgetEvent | null {
  const { target } = command;
  const key = state.key;
  invariant(key !== null, `stream ${target.stream} has events`);
  if (state.closed) {
    throw rejectRule(
      ErrorCodes.PERIOD_CLOSED,
      `budget year ${key.year} of ${key.payeeId} is settled and closed: its events are not reversed; post the correction to the open year as a late item (a late clawback or damages naming service year ${key.year}), as late clawbacks do`,
      'eventId',
    );
  }
  if (reversalStatus(state.reversedEvents, command) === 'again') return null;
  const reversed = reversibleEvent(command);
  invariant(sameKey(key, reversed.data), `event of ${describeKey(reversed.data)} read from ${target.stream}`);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  assertNotBeforeTarget(target, effectiveDate);
  assertUndoable(reversed, state);
  return reversed;
}

function reversibleEvent({ target }: ReverseEvent): ReversibleBudgetEvent {
  const type = REVERSIBLE.find((t) => t === target.type);
  if (type === undefined) {
    throw refuseReversal(
      ReversalErrorCodes.REVERSAL_NOT_SUPPORTED,
      `${target.type} events are not reversed; reversible on a budget stream: ${REVERSIBLE.join(', ')}`,
      'eventId',
    );
  }
  // The data as the area's own decider wrote it (read back from its stream).
  return { type, data: target.data } as unknown as ReversibleBudgetEvent;
}

/** The state after the reversal must still hold: what later events relied on is reversed first. */
function assertUndoable(event: ReversibleBudgetEvent, state: HospitalBudgetState): void {
  switch (event.type) {
    case 'PrepaymentDisbursed':
      if (state.prepaidOutstandingYuan.lt(event.data.grossYuan)) {
        throw blocked(
          `the prepayment of month ${event.data.month} (${event.data.grossYuan}) is offset by settlements (outstanding ${yuan(state.prepaidOutstandingYuan)}); reverse those settlements first`,
        );
      }
      return;
    case 'MonthlySettlementPosted': {
      const approvedAfter = state.approvedYuan.minus(event.data.primaryApprovedYuan);
      if (approvedAfter.lt(state.inYearClawbacksYuan)) {
        throw blocked(
          `in-year clawbacks of ${yuan(state.inYearClawbacksYuan)} would exceed the ${yuan(approvedAfter)} left approved; reverse the clawbacks first`,
        );
      }
      return;
    }
    case 'QuotaAdjusted':
      return assertQuotaRestorable(event.data.reason, new Decimal(event.data.deltaYuan), state);
    case 'ClawbackAssessed':
    case 'LiquidatedDamagesAssessed': {
      const receivable = findReceivable(state, event.data.receivableId);
      if (receivable === undefined || !receivable.outstandingYuan.equals(receivable.originalYuan)) {
        throw blocked(
          `receivable ${event.data.receivableId} was already offset or recovered in part; reverse the recovery or settlement first`,
        );
      }
      return;
    }
    case 'FineImposed': {
      // A fine cancelled on appeal had its postings reversed already: reversing it again would count twice.
      const fine = penaltyOf(state.dueProcess, 'fine', event.data.fineId);
      if (fine === undefined || fine.cancelledOn !== null) {
        throw blocked(`fine ${event.data.fineId} was cancelled on appeal (${fine?.cancelDecisionRef ?? 'no live record'}); nothing is left to reverse`);
      }
      return;
    }
    case 'ReceivableRecovered':
      return;
  }
}

function assertQuotaRestorable(reason: string, delta: Decimal, state: HospitalBudgetState): void {
  if (reason === 'allocation_supersede') {
    throw refuseReversal(
      ReversalErrorCodes.REVERSAL_NOT_SUPPORTED,
      'a quota set by an allocation run is corrected by a new allocation run, not by a reversal',
      'eventId',
    );
  }
  const quota = currentQuota(state);
  invariant(quota !== null, 'a quota adjustment follows the quota');
  const restored = quota.minus(delta);
  const paid = paidTowardYear(state);
  if (restored.lt(paid)) {
    throw rejectRule(
      ErrorCodes.QUOTA_EXCEEDED,
      `the quota restored to ${yuan(restored)} would be below the ${yuan(paid)} already paid toward the year`,
      'eventId',
    );
  }
}

const blocked = (message: string) => refuseReversal(ReversalErrorCodes.REVERSAL_BLOCKED, message, 'eventId');
