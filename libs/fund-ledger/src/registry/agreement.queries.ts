import { addMonths, requireDate } from './calendar';
import { AgreementStatus } from './registry.events';
import { PayeeState } from './registry.state';

/** What a payment decision needs to know about a payee's agreement with one fund. */
export interface AgreementSnapshot {
  readonly agreementId: string;
  readonly status: AgreementStatus;
  readonly validFrom: string;
  readonly validTo: string;
}

/** Settlement continues this many calendar months after an agreement expires unrenewed (R-ENF-20). */
export const AGREEMENT_GRACE_MONTHS = 2;

/** The current agreement of the payee with the fund, or null (no payee, or never signed for this fund). */
export function agreementFor(state: PayeeState, fundId: string): AgreementSnapshot | null {
  if (state.status !== 'registered') return null;
  const agreement = state.agreements.get(fundId);
  if (!agreement) return null;
  const { agreementId, status, validFrom, validTo } = agreement;
  return { agreementId, status, validFrom, validTo };
}

/** The last day settlement is still allowed: validTo + 2 calendar months, day clamped (12-31 -> 02-28/29). */
export function lastPayableDate(agreement: Pick<AgreementSnapshot, 'validTo'>): string {
  return addMonths(agreement.validTo, AGREEMENT_GRACE_MONTHS);
}

/**
 * May the fund pay the payee for `date`? Only under an active agreement, from validFrom through the
 * 2-month grace after validTo (R-ENF-20, WE-16: expired 12-31, unrenewed -> payable through 02-28/29,
 * suspended from the day after). Suspended and terminated agreements pay nothing.
 */
export function isPayableOn(
  agreement: Pick<AgreementSnapshot, 'status' | 'validFrom' | 'validTo'> | null,
  date: string,
): boolean {
  requireDate(date, 'date');
  if (agreement === null || agreement.status !== 'active') return false;
  return agreement.validFrom <= date && date <= lastPayableDate(agreement);
}
