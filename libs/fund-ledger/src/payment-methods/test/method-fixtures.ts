import type { Decider, DecisionContext } from '../../shared/decider';
import { specification } from '../../test/decider-specification';
import { scenarioDecider, type HospitalBudgetCommand } from '../../hospital-budget/test/given';
import { ACTIVE_AGREEMENT, KEY, POLICY } from '../../hospital-budget/test/hospital-budget.fixtures';
import type { HospitalBudgetEvent } from '../../hospital-budget/hospital-budget.events';
import type { HospitalBudgetState } from '../../hospital-budget/hospital-budget.state';
import type { PaymentMethod } from '../../hospital-budget/method-settlement.events';
import { type AssignPaymentMethods, decideAssignPaymentMethods } from '../assign-payment-methods/assign-payment-methods.decider';
import { type ClearPerCaseQuarter, decideClearPerCaseQuarter } from '../clear-per-case-quarter/clear-per-case-quarter.decider';
import { decidePostMethodSettlement, type PostMethodSettlement } from '../post-method-settlement/post-method-settlement.decider';
import { type RateTableSetData, rateTableStream } from '../rate-table.events';

/** The budget stream's decider with the payment-method commands beside the hospital-budget ones (specs only). */
export type MethodCommand = AssignPaymentMethods | PostMethodSettlement | ClearPerCaseQuarter;
type AnyCommand = HospitalBudgetCommand | MethodCommand;

function decideAny(command: AnyCommand, state: HospitalBudgetState, context: DecisionContext): HospitalBudgetEvent[] {
  switch (command.type) {
    case 'AssignPaymentMethods':
      return decideAssignPaymentMethods(command, state, context);
    case 'PostMethodSettlement':
      return decidePostMethodSettlement(command, state, context);
    case 'ClearPerCaseQuarter':
      return decideClearPerCaseQuarter(command, state, context);
    default:
      return scenarioDecider.decide(command, state, context);
  }
}

export const methodDecider: Decider<AnyCommand, HospitalBudgetEvent, HospitalBudgetState> = {
  initialState: scenarioDecider.initialState,
  evolve: scenarioDecider.evolve,
  decide: decideAny,
};

export const given = (history: readonly HospitalBudgetEvent[]) => specification(methodDecider).given(history);

export function steps(list: readonly (readonly [AnyCommand, DecisionContext])[], from: readonly HospitalBudgetEvent[] = []): HospitalBudgetEvent[] {
  const events = [...from];
  let state = events.reduce(methodDecider.evolve, methodDecider.initialState());
  for (const [command, context] of list) {
    const decided = methodDecider.decide(command, state, context);
    state = decided.reduce(methodDecider.evolve, state);
    events.push(...decided);
  }
  return events;
}

export const assign = (methods: readonly PaymentMethod[], fromMonth = 1): AssignPaymentMethods => ({
  type: 'AssignPaymentMethods',
  ...KEY,
  fromMonth,
  methods: methods.map((method) => ({ method, caseTypes: ['inpatient'] })),
});

/** Version 1 of the 2024 table of fund EMP, every method priced (WE-3, WE-5, WE-6 figures). */
export const TABLE: RateTableSetData = {
  fundId: KEY.fundId,
  year: KEY.year,
  version: 1,
  effectiveFrom: '2024-01-01',
  note: null,
  drg: {
    baseRateYuan: '8765.43',
    groups: [
      { code: 'FR23', weight: '1.2345' },
      { code: 'GB25', weight: '0.8765' },
      { code: 'ES11', weight: '2.0437' },
    ],
  },
  singleDisease: [{ code: 'K35.8', standardYuan: '6000.00' }],
  perDiem: { rateYuan: '110.00', patientSharePerDay: { inServiceYuan: '20.00', retiredYuan: '12.00' } },
  perCaseCap: { standardYuan: '5000.00' },
};

export const methodSettle = (
  month: number,
  method: PaymentMethod,
  lines: unknown,
  rateTable: RateTableSetData | null = TABLE,
): PostMethodSettlement => ({
  type: 'PostMethodSettlement',
  ...KEY,
  month,
  method,
  lines,
  rateTable,
  rateTableStream: rateTableStream(KEY.fundId, KEY.year),
  agreement: ACTIVE_AGREEMENT,
  policy: POLICY,
});

export const clearQuarter = (quarter: number): ClearPerCaseQuarter => ({
  type: 'ClearPerCaseQuarter',
  ...KEY,
  quarter,
  agreement: ACTIVE_AGREEMENT,
  policy: POLICY,
});
