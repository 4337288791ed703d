import type { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { assertEffectiveDate, assertOpen, eventBase, requireQuota, streamKeyOf } from '../../hospital-budget/hospital-budget.guards';
import type { BudgetStreamKey } from '../../hospital-budget/hospital-budget.events';
import { arrayInput, idInput, monthInput, oneOf } from '../../hospital-budget/hospital-budget.inputs';
import type { HospitalBudgetState } from '../../hospital-budget/hospital-budget.state';
import {
  type MethodAssignment,
  PAYMENT_METHODS,
  type PaymentMethodsAssigned,
} from '../../hospital-budget/method-settlement.events';
import { methodsInForce } from '../../hospital-budget/method-settlement.state';
import { PaymentMethodErrorCodes, rejectMethodRule } from '../payment-methods.errors';

export const MAX_CASE_TYPES = 20;

/**
 * AssignPaymentMethods: the hospital-year's methods from a month on (part of its agreement): global budget
 * alone (an empty list), or global budget plus unit-price methods for named case types (R-BUD-14, §1.5 混合式).
 * A hospital-year never assigned is global budget alone. Months already settled by a method keep theirs.
 */
export interface AssignPaymentMethods extends BudgetStreamKey {
  readonly type: 'AssignPaymentMethods';
  readonly fromMonth: number;
  readonly methods: unknown;
}

export function decideAssignPaymentMethods(
  command: AssignPaymentMethods,
  state: HospitalBudgetState,
  context: DecisionContext,
): PaymentMethodsAssigned[] {
  const key = streamKeyOf(command, state);
  const fromMonth = monthInput(command.fromMonth, 'fromMonth');
  const methods = methodsInput(command.methods);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  requireQuota(state);
  const { lastSettledMonth } = state.paymentMethods;
  if (fromMonth <= lastSettledMonth) {
    throw rejectMethodRule(
      PaymentMethodErrorCodes.METHODS_ALREADY_USED,
      `month ${lastSettledMonth} of ${key.year} is settled by method already; assign from month ${lastSettledMonth + 1} on`,
      'fromMonth',
    );
  }
  return [
    {
      type: 'PaymentMethodsAssigned',
      data: {
        ...eventBase(key, effectiveDate),
        fromMonth,
        methods,
        previousMethods: [...methodsInForce(state.paymentMethods, fromMonth)],
      },
    },
  ];
}

function methodsInput(value: unknown): MethodAssignment[] {
  const seen = new Set<string>();
  return arrayInput(value, 'methods', PAYMENT_METHODS.length).map((raw, i) => {
    const at = `methods[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw invalidField(at, 'must be an object');
    const line = raw as Record<string, unknown>;
    const method = oneOf(line['method'], `${at}.method`, PAYMENT_METHODS);
    if (seen.has(method)) throw invalidField(`${at}.method`, `${method} is named twice`);
    seen.add(method);
    const caseTypes = arrayInput(line['caseTypes'], `${at}.caseTypes`, MAX_CASE_TYPES).map((t, j) =>
      idInput(t, `${at}.caseTypes[${j}]`),
    );
    if (caseTypes.length === 0) throw invalidField(`${at}.caseTypes`, 'must name at least one case type');
    return { method, caseTypes };
  });
}
