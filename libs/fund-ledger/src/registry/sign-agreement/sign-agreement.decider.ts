import { DecisionContext } from '../../shared/decider';
import { DomainError, ErrorCodes, invalidField } from '../../shared/domain-error';
import { addMonths, requireDate } from '../calendar';
import { requireFundId, requireId } from '../field-rules';
import { invalidTransition, requireRegisteredPayee } from '../payee.guards';
import { AgreementSigned } from '../registry.events';
import { AgreementState, PayeeState } from '../registry.state';

/** Agreements normally run one year (R-ENF-20); multi-year terms are accepted up to this length. */
export const MAX_AGREEMENT_TERM_MONTHS = 36;

export interface SignAgreement {
  readonly type: 'SignAgreement';
  readonly data: {
    readonly payeeId: string;
    readonly agreementId: string;
    readonly fundId: string;
    /** First day covered, YYYY-MM-DD. */
    readonly validFrom: string;
    /** Last day covered, YYYY-MM-DD (settlement stays possible for 2 months after it: isPayableOn). */
    readonly validTo: string;
  };
}

type Terms = SignAgreement['data'];

export function decideSignAgreement(
  command: SignAgreement,
  state: PayeeState,
  _context: DecisionContext,
): AgreementSigned[] {
  const terms = validTerms(command.data);
  const payee = requireRegisteredPayee(state, terms.payeeId);
  const current = payee.agreements.get(terms.fundId);
  if (current?.agreementId === terms.agreementId) return retriedSigning(current, terms);
  if (payee.agreementIds.has(terms.agreementId)) {
    throw new DomainError(
      'conflict',
      ErrorCodes.ALREADY_EXISTS,
      `agreement ${terms.agreementId} already exists`,
      'agreementId',
    );
  }
  if (current) assertRenewable(current, terms);
  return [{ type: 'AgreementSigned', data: { ...terms, replacesAgreementId: current?.agreementId ?? null } }];
}

function validTerms(data: Terms): Terms {
  const terms: Terms = {
    payeeId: requireId(data.payeeId, 'payeeId'),
    agreementId: requireId(data.agreementId, 'agreementId'),
    fundId: requireFundId(data.fundId, 'fundId'),
    validFrom: requireDate(data.validFrom, 'validFrom'),
    validTo: requireDate(data.validTo, 'validTo'),
  };
  if (terms.validTo < terms.validFrom) throw invalidField('validTo', 'must not be before validFrom');
  if (terms.validTo >= addMonths(terms.validFrom, MAX_AGREEMENT_TERM_MONTHS)) {
    throw invalidField('validTo', `an agreement runs at most ${MAX_AGREEMENT_TERM_MONTHS} months`);
  }
  return terms;
}

/** The same signing again (a retry) changes nothing; the same id with other terms is a conflict. */
function retriedSigning(current: AgreementState, terms: Terms): AgreementSigned[] {
  if (current.validFrom === terms.validFrom && current.validTo === terms.validTo) return [];
  throw new DomainError(
    'conflict',
    ErrorCodes.ALREADY_EXISTS,
    `agreement ${terms.agreementId} was signed with other dates (${current.validFrom}..${current.validTo})`,
    'agreementId',
  );
}

/**
 * A renewal replaces the current agreement. Not after termination (a new designation is needed), not
 * while suspended (signing must not lift a sanction: reinstate first), and only forwards in time
 * (backdating or shortening cover would rewrite what was payable).
 */
function assertRenewable(current: AgreementState, terms: Terms): void {
  if (current.status !== 'active') {
    throw invalidTransition(`cannot renew agreement ${current.agreementId}: it is ${current.status}`);
  }
  if (terms.validFrom < current.validFrom) {
    throw invalidTransition(
      `a renewal must not start before ${current.validFrom}, the current agreement's start`,
      'validFrom',
    );
  }
  if (terms.validTo <= current.validTo) {
    throw invalidTransition(`a renewal must end after ${current.validTo}, the current agreement's end`, 'validTo');
  }
}
