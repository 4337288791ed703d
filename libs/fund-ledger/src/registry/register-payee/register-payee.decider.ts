import { DecisionContext } from '../../shared/decider';
import { DomainError, ErrorCodes } from '../../shared/domain-error';
import { requireId, requireOneOf, requireText } from '../field-rules';
import { PAYEE_LEVELS, PAYEE_TYPES, PayeeLevel, PayeeRegistered, PayeeType } from '../registry.events';
import { PayeeState } from '../registry.state';

export interface RegisterPayee {
  readonly type: 'RegisterPayee';
  readonly data: {
    readonly payeeId: string;
    readonly name: string;
    readonly type: PayeeType;
    readonly level: PayeeLevel;
    /** Free classification, e.g. 'general', 'tcm', 'specialist'. */
    readonly class: string;
    readonly region: string;
  };
}

export function decideRegisterPayee(
  command: RegisterPayee,
  state: PayeeState,
  _context: DecisionContext,
): PayeeRegistered[] {
  const data = {
    payeeId: requireId(command.data.payeeId, 'payeeId'),
    name: requireText(command.data.name, 'name'),
    type: requireOneOf(command.data.type, PAYEE_TYPES, 'type'),
    level: requireOneOf(command.data.level, PAYEE_LEVELS, 'level'),
    class: requireText(command.data.class, 'class'),
    region: requireText(command.data.region, 'region'),
  };
  if (state.status === 'registered') {
    throw new DomainError(
      'conflict',
      ErrorCodes.ALREADY_EXISTS,
      `payee ${data.payeeId} is already registered`,
      'payeeId',
    );
  }
  return [{ type: 'PayeeRegistered', data }];
}
