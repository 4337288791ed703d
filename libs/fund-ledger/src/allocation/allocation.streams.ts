import { evolverOf } from '../application/stream-target';
import type { HospitalBudgetEvent } from '../hospital-budget/hospital-budget.events';
import { evolveAllocationHistory, initialAllocationHistoryState } from './allocation-history.decider';
import { evolveAllocationRun, initialAllocationRunState } from './allocation-run.decider';
import { evolveApplication, initialApplicationState } from './apply-allocation.decider';
import { evolveFundBudget, initialFundBudgetState } from './fund-budget.decider';

/** Stream fund-budget-{fundId}-{year}: the approved budget and the runs put in force. */
export const fundBudgetEvolver = evolverOf(initialFundBudgetState, evolveFundBudget);

/** Stream allocation-history-{fundId}-{year}: imported chunks of allocation inputs. */
export const allocationHistoryEvolver = evolverOf(initialAllocationHistoryState, evolveAllocationHistory);

/** Stream allocation-run-{fundId}-{year}-{methodVersion}: one AllocationRunCommitted. */
export const allocationRunEvolver = evolverOf(initialAllocationRunState, evolveAllocationRun);

/**
 * The allocation's own fold of a budget stream (budget-{fundId}.{payeeId}.{year}). Its own identity, so the
 * loader's cache never hands this shape to the hospital-budget handlers (nor theirs to the allocation).
 */
export const applicationEvolver = evolverOf<HospitalBudgetEvent, ReturnType<typeof initialApplicationState>>(
  initialApplicationState,
  evolveApplication,
);
