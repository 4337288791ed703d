import { assertNever, DecisionContext, Decider } from '../shared/decider';
import { decideRegisterFund, RegisterFund } from './register-fund/register-fund.decider';
import { decideRegisterPayee, RegisterPayee } from './register-payee/register-payee.decider';
import { decideReinstateAgreement, ReinstateAgreement } from './reinstate-agreement/reinstate-agreement.decider';
import { FundEvent, PayeeEvent } from './registry.events';
import { evolveFund, evolvePayee, FundState, initialFundState, initialPayeeState, PayeeState } from './registry.state';
import { decideSignAgreement, SignAgreement } from './sign-agreement/sign-agreement.decider';
import { decideSuspendAgreement, SuspendAgreement } from './suspend-agreement/suspend-agreement.decider';
import { decideTerminateAgreement, TerminateAgreement } from './terminate-agreement/terminate-agreement.decider';

export type FundCommand = RegisterFund;

/** Stream fund-{fundId}. */
export const fundDecider: Decider<FundCommand, FundEvent, FundState> = {
  initialState: initialFundState,
  evolve: evolveFund,
  decide(command: FundCommand, state: FundState, context: DecisionContext): FundEvent[] {
    switch (command.type) {
      case 'RegisterFund':
        return decideRegisterFund(command, state, context);
      default:
        return assertNever(command.type, 'fund command');
    }
  },
};

export type PayeeCommand = RegisterPayee | SignAgreement | SuspendAgreement | ReinstateAgreement | TerminateAgreement;

/** Stream payee-{payeeId}: the payee and its service agreements, one current agreement per fund. */
export const payeeDecider: Decider<PayeeCommand, PayeeEvent, PayeeState> = {
  initialState: initialPayeeState,
  evolve: evolvePayee,
  decide(command: PayeeCommand, state: PayeeState, context: DecisionContext): PayeeEvent[] {
    switch (command.type) {
      case 'RegisterPayee':
        return decideRegisterPayee(command, state, context);
      case 'SignAgreement':
        return decideSignAgreement(command, state, context);
      case 'SuspendAgreement':
        return decideSuspendAgreement(command, state, context);
      case 'ReinstateAgreement':
        return decideReinstateAgreement(command, state, context);
      case 'TerminateAgreement':
        return decideTerminateAgreement(command, state, context);
      default:
        return assertNever(command, 'payee command');
    }
  },
};
