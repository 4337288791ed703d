import { DecisionContext } from '../../shared/decider';
import { requireFundId, requireId, requireText } from '../field-rules';
import { requireAgreementIn, requireRegisteredPayee } from '../payee.guards';
import { AgreementTerminated } from '../registry.events';
import { PayeeState } from '../registry.state';

/** Termination (解除服务协议, e.g. fraud R-ENF-1). Final: no reinstatement, no renewal. */
export interface TerminateAgreement {
  readonly type: 'TerminateAgreement';
  readonly data: { readonly payeeId: string; readonly fundId: string; readonly reason: string };
}

export function decideTerminateAgreement(
  command: TerminateAgreement,
  state: PayeeState,
  context: DecisionContext,
): AgreementTerminated[] {
  const { payeeId, fundId, reason } = command.data;
  const valid = {
    payeeId: requireId(payeeId, 'payeeId'),
    fundId: requireFundId(fundId, 'fundId'),
    reason: requireText(reason, 'reason'),
  };
  const agreement = requireAgreementIn(
    requireRegisteredPayee(state, valid.payeeId),
    valid.fundId,
    ['active', 'suspended'],
    'terminate',
  );
  return [
    {
      type: 'AgreementTerminated',
      data: { ...valid, agreementId: agreement.agreementId, effectiveFrom: context.effectiveDate },
    },
  ];
}
