import { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { requireFundId, requireId, requireText } from '../field-rules';
import { requireAgreementIn, requireRegisteredPayee } from '../payee.guards';
import { AgreementTerminated } from '../registry.events';
import { PayeeState } from '../registry.state';

/**
 * Termination (解除服务协议, e.g. fraud R-ENF-1). Final: no reinstatement, no renewal. `forCause` (default
 * false, today's behaviour) marks a termination for cause: the year-end settlement then returns no deposit
 * and holds its payment. It is recorded only when the command names it, so a termination without it reads
 * exactly as before.
 */
export interface TerminateAgreement {
  readonly type: 'TerminateAgreement';
  readonly data: {
    readonly payeeId: string;
    readonly fundId: string;
    readonly reason: string;
    readonly forCause?: boolean;
  };
}

export function decideTerminateAgreement(
  command: TerminateAgreement,
  state: PayeeState,
  context: DecisionContext,
): AgreementTerminated[] {
  const { payeeId, fundId, reason, forCause } = command.data;
  const valid = {
    payeeId: requireId(payeeId, 'payeeId'),
    fundId: requireFundId(fundId, 'fundId'),
    reason: requireText(reason, 'reason'),
  };
  if (forCause !== undefined && typeof forCause !== 'boolean') throw invalidField('forCause', 'must be true or false');
  const agreement = requireAgreementIn(
    requireRegisteredPayee(state, valid.payeeId),
    valid.fundId,
    ['active', 'suspended'],
    'terminate',
  );
  return [
    {
      type: 'AgreementTerminated',
      data: {
        ...valid,
        agreementId: agreement.agreementId,
        effectiveFrom: context.effectiveDate,
        ...(forCause === undefined ? {} : { forCause }),
      },
    },
  ];
}
