import { DecisionContext } from '../../shared/decider';
import { DomainError, ErrorCodes } from '../../shared/domain-error';
import { requireFundId, requireOneOf, requireText } from '../field-rules';
import { FUND_KINDS, FundKind, FundRegistered } from '../registry.events';
import { FundState } from '../registry.state';

export interface RegisterFund {
  readonly type: 'RegisterFund';
  readonly data: {
    readonly fundId: string;
    readonly name: string;
    readonly kind: FundKind;
    readonly poolingRegion: string;
  };
}

export function decideRegisterFund(
  command: RegisterFund,
  state: FundState,
  _context: DecisionContext,
): FundRegistered[] {
  const data = {
    fundId: requireFundId(command.data.fundId, 'fundId'),
    name: requireText(command.data.name, 'name'),
    kind: requireOneOf(command.data.kind, FUND_KINDS, 'kind'),
    poolingRegion: requireText(command.data.poolingRegion, 'poolingRegion'),
  };
  if (state.status === 'registered') {
    throw new DomainError('conflict', ErrorCodes.ALREADY_EXISTS, `fund ${data.fundId} is already registered`, 'fundId');
  }
  return [{ type: 'FundRegistered', data }];
}
