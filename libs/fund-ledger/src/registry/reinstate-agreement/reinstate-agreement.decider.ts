import { DecisionContext } from '../../shared/decider';
import { requireFundId, requireId, requireText } from '../field-rules';
import { requireAgreementIn, requireRegisteredPayee } from '../payee.guards';
import { AgreementReinstated } from '../registry.events';
import { PayeeState } from '../registry.state';

/** Lifts a suspension; settlement under the (unchanged) agreement resumes. */
export interface ReinstateAgreement {
  readonly type: 'ReinstateAgreement';
  readonly data: { readonly payeeId: string; readonly fundId: string; readonly reason: string };
}

export function decideReinstateAgreement(
  command: ReinstateAgreement,
  state: PayeeState,
  context: DecisionContext,
): AgreementReinstated[] {
  const { payeeId, fundId, reason } = command.data;
  const valid = {
    payeeId: requireId(payeeId, 'payeeId'),
    fundId: requireFundId(fundId, 'fundId'),
    reason: requireText(reason, 'reason'),
  };
  const agreement = requireAgreementIn(
    requireRegisteredPayee(state, valid.payeeId),
    valid.fundId,
    ['suspended'],
    'reinstate',
  );
  return [
    {
      type: 'AgreementReinstated',
      data: { ...valid, agreementId: agreement.agreementId, effectiveFrom: context.effectiveDate },
    },
  ];
}
