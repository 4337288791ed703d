import { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { requireDate } from '../calendar';
import { requireFundId, requireId, requireText } from '../field-rules';
import { requireAgreementIn, requireRegisteredPayee } from '../payee.guards';
import { AgreementSuspended } from '../registry.events';
import { PayeeState } from '../registry.state';

/** Suspension of settlement under the agreement (暂停协议/暂停结算, R-ENF-7, R-ENF-19, R-ENF-24). */
export interface SuspendAgreement {
  readonly type: 'SuspendAgreement';
  readonly data: {
    readonly payeeId: string;
    readonly fundId: string;
    readonly reason: string;
    /** Planned end of the sanction (e.g. 2-6 months). Recorded only: reinstatement is a command. */
    readonly untilDate?: string;
  };
}

export function decideSuspendAgreement(
  command: SuspendAgreement,
  state: PayeeState,
  context: DecisionContext,
): AgreementSuspended[] {
  const { payeeId, fundId, reason, untilDate } = command.data;
  const until = untilDate === undefined || untilDate === null ? null : requireDate(untilDate, 'untilDate');
  const valid = {
    payeeId: requireId(payeeId, 'payeeId'),
    fundId: requireFundId(fundId, 'fundId'),
    reason: requireText(reason, 'reason'),
  };
  if (until !== null && until < context.effectiveDate) {
    throw invalidField('untilDate', 'must not be before the effective date');
  }
  const agreement = requireAgreementIn(
    requireRegisteredPayee(state, valid.payeeId),
    valid.fundId,
    ['active'],
    'suspend',
  );
  return [
    {
      type: 'AgreementSuspended',
      data: { ...valid, agreementId: agreement.agreementId, effectiveFrom: context.effectiveDate, untilDate: until },
    },
  ];
}
