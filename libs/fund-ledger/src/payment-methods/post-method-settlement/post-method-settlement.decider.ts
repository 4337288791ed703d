import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { yuan } from '@ledger/money';
import { assertOpen, eventBase, streamKeyOf } from '../../hospital-budget/hospital-budget.guards';
import type { BudgetStreamKey } from '../../hospital-budget/hospital-budget.events';
import { monthInput, oneOf } from '../../hospital-budget/hospital-budget.inputs';
import type { HospitalBudgetState } from '../../hospital-budget/hospital-budget.state';
import {
  type MethodSettlementPosted,
  PAYMENT_METHODS,
  type PaymentMethod,
} from '../../hospital-budget/method-settlement.events';
import { methodsInForce, settledKey } from '../../hospital-budget/method-settlement.state';
import { chargeBudget, type MethodPaymentFacts } from '../method-budget';
import { PaymentMethodErrorCodes, rejectMethodRule } from '../payment-methods.errors';
import type { RateTableSetData } from '../rate-table.events';
import { priceLines } from './method-lines.rule';

/**
 * PostMethodSettlement: one hospital-year, month and unit-price method, priced from the rate-table version in
 * force for the month (read by the handler, recorded in the event). The amount counts in the year's actual A,
 * the quota's cash cap and the year end, as a monthly settlement's does (chargeBudget).
 */
export interface PostMethodSettlement extends BudgetStreamKey, MethodPaymentFacts {
  readonly type: 'PostMethodSettlement';
  readonly month: number;
  readonly method: PaymentMethod;
  readonly lines: unknown;
  /** The version in force for the month (tableInForce), or null when the fund-year has none. */
  readonly rateTable: RateTableSetData | null;
  readonly rateTableStream: string;
}

export function decidePostMethodSettlement(
  command: PostMethodSettlement,
  state: HospitalBudgetState,
  context: DecisionContext,
): MethodSettlementPosted[] {
  const key = streamKeyOf(command, state);
  const month = monthInput(command.month);
  const method = oneOf(command.method, 'method', PAYMENT_METHODS);
  assertOpen(state, key);
  if (!methodsInForce(state.paymentMethods, month).includes(method)) {
    throw rejectMethodRule(
      PaymentMethodErrorCodes.METHOD_NOT_ASSIGNED,
      `${key.payeeId} is not paid by ${method} in month ${month} of ${key.year} (POST /payment-method-assignments)`,
      'method',
    );
  }
  if (state.paymentMethods.settled.includes(settledKey(month, method))) {
    throw rejectMethodRule(
      PaymentMethodErrorCodes.METHOD_ALREADY_SETTLED,
      `${method} of month ${month} of ${key.year} is settled already; correct it with a clawback`,
      'month',
    );
  }
  const table = command.rateTable;
  if (table === null) {
    throw rejectMethodRule(
      PaymentMethodErrorCodes.RATE_TABLE_NOT_SET,
      `no rate-table version of ${key.fundId} ${key.year} is in force for month ${month} (POST /rate-tables)`,
      'month',
    );
  }
  invariant(table.fundId === key.fundId && table.year === key.year, 'rate table of another fund-year');
  const priced = priceLines(method, command.lines, table);
  const charge = chargeBudget(key, month, priced.amount, command, state, context);
  return [
    {
      type: 'MethodSettlementPosted',
      data: {
        ...eventBase(key, charge.effectiveDate),
        month,
        method,
        rateTable: { stream: command.rateTableStream, version: table.version, effectiveFrom: table.effectiveFrom },
        detail: priced.detail,
        cases: priced.cases,
        amountYuan: yuan(priced.amount),
        weightedCases: priced.weightedCases === null ? null : priced.weightedCases.toString(),
        policyVersion: charge.policyVersion,
        budget: charge.budget,
        postings: charge.postings,
      },
    },
  ];
}
