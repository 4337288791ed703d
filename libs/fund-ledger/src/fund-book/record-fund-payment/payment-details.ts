import { Decimal, MAX_AMOUNT_YUAN, yuan } from '@ledger/money';
import { assertNever } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { requireDate } from '../../registry/calendar';
import { requireId, requireInteger, requireOneOf, requireText, requireYear, requireYuan } from '../../registry/field-rules';
import { FundBookErrorCodes, refuse } from '../fund-book.errors';
import { OUT_OF_AREA_DIRECTIONS, type PaymentDetails, PROCURED_GOODS } from '../fund-book.events';
import { addDays } from '../fund-book.guards';

/** R-PAY-10: manual reimbursement is filed within 30 days after discharge (the default parameter). */
export const REIMBURSEMENT_FILING_DEADLINE_DAYS = 30;
/** Counts (insured, members, person-times) above this are typos, not a city's figures (§5). */
export const MAX_COUNT = 100_000_000;

/**
 * The category-specific part of a payment command, as sent (the decider checks every field again): what
 * the event records, less what the decider derives (a reimbursement's filing deadline date).
 */
export type PaymentDetailsInput = PaymentDetails extends infer Details
  ? Details extends { readonly category: 'individual_reimbursement' }
    ? Omit<Details, 'filingDeadline'>
    : Details
  : never;

/**
 * The details checked, and the amount: as sent, or computed (the critical-illness premium is per capita
 * × insured count, recorded with both inputs so an auditor can recompute it).
 */
export function validDetails(
  input: PaymentDetailsInput,
  amountYuan: string | undefined,
  effectiveDate: string,
): { details: PaymentDetails; amount: Decimal } {
  const sent = (): Decimal => requireYuan(amountYuan, 'amountYuan');
  switch (input.category) {
    case 'individual_reimbursement':
      return { details: reimbursement(input, effectiveDate), amount: sent() };
    case 'personal_account_spending':
      return { details: { category: input.category }, amount: sent() };
    case 'medical_assistance':
      return { details: assistance(input, effectiveDate), amount: sent() };
    case 'critical_illness_premium':
      return premium(input, amountYuan);
    case 'supplier_settlement': {
      const forHospitalId = requireId(input.forHospitalId, 'forHospitalId');
      if (input.forHospitalType !== 'hospital' && input.forHospitalType !== 'clinic') {
        throw refuse(
          FundBookErrorCodes.PAYEE_KIND_MISMATCH,
          `${forHospitalId} is a ${String(input.forHospitalType)}; centrally procured goods are paid for a hospital or clinic (R-PAY-14)`,
          'forHospitalId',
        );
      }
      const goods = requireOneOf(input.goods, PROCURED_GOODS, 'goods');
      return { details: { category: input.category, forHospitalId, forHospitalType: input.forHospitalType, goods }, amount: sent() };
    }
    case 'out_of_area_clearing':
      return {
        details: { category: input.category, direction: requireOneOf(input.direction, OUT_OF_AREA_DIRECTIONS, 'direction') },
        amount: sent(),
      };
    case 'earmarked_advance':
      return {
        details: {
          category: input.category,
          earmarkId: requireId(input.earmarkId, 'earmarkId'),
          purpose: requireText(input.purpose, 'purpose'),
        },
        amount: sent(),
      };
    default:
      return assertNever(input, 'payment category');
  }
}

/** R-PAY-10: filed on or before discharge + the deadline (calendar days, the last day included, §7). */
function reimbursement(
  input: Extract<PaymentDetailsInput, { category: 'individual_reimbursement' }>,
  effectiveDate: string,
): PaymentDetails {
  const claimRef = requireId(input.claimRef, 'claimRef');
  const dischargeDate = requireDate(input.dischargeDate, 'dischargeDate');
  const filedDate = requireDate(input.filedDate, 'filedDate');
  const filingDeadlineDays = requireInteger(input.filingDeadlineDays, 'filingDeadlineDays', 1, 366);
  if (filedDate < dischargeDate) throw invalidField('filedDate', 'must be on or after the discharge date');
  if (filedDate > effectiveDate) throw invalidField('filedDate', 'must be on or before the payment (effectiveDate)');
  const filingDeadline = addDays(dischargeDate, filingDeadlineDays);
  if (filedDate > filingDeadline) {
    throw refuse(
      FundBookErrorCodes.FILING_DEADLINE_PASSED,
      `claim ${claimRef} was filed ${filedDate}, after the deadline ${filingDeadline} (${filingDeadlineDays} days after discharge ${dischargeDate}, R-PAY-10)`,
      'filedDate',
    );
  }
  return { category: 'individual_reimbursement', claimRef, dischargeDate, filedDate, filingDeadlineDays, filingDeadline };
}

/** R-PAY-17: assistance is paid onto bank cards after it is approved. */
function assistance(
  input: Extract<PaymentDetailsInput, { category: 'medical_assistance' }>,
  effectiveDate: string,
): PaymentDetails {
  const approvalRef = requireId(input.approvalRef, 'approvalRef');
  const approvedDate = requireDate(input.approvedDate, 'approvedDate');
  if (approvedDate > effectiveDate) {
    throw refuse(
      FundBookErrorCodes.PAID_BEFORE_APPROVAL,
      `approval ${approvalRef} is dated ${approvedDate}, after the payment (${effectiveDate}); assistance is paid after approval (R-PAY-17)`,
      'approvedDate',
    );
  }
  return { category: 'medical_assistance', approvalRef, approvedDate };
}

function premium(
  input: Extract<PaymentDetailsInput, { category: 'critical_illness_premium' }>,
  amountYuan: string | undefined,
): { details: PaymentDetails; amount: Decimal } {
  if (amountYuan !== undefined) throw invalidField('amountYuan', 'is computed: perCapitaYuan × insuredCount');
  const coverageYear = requireYear(input.coverageYear, 'coverageYear');
  const perCapita = requireYuan(input.perCapitaYuan, 'perCapitaYuan');
  const insuredCount = requireInteger(input.insuredCount, 'insuredCount', 1, MAX_COUNT);
  // Exact: a yuan amount with 2 places times an integer needs no rounding.
  const amount = perCapita.times(insuredCount);
  if (amount.gt(MAX_AMOUNT_YUAN)) throw invalidField('insuredCount', 'perCapitaYuan × insuredCount is above 10^13 yuan');
  const details: PaymentDetails = {
    category: 'critical_illness_premium',
    coverageYear,
    perCapitaYuan: yuan(perCapita),
    insuredCount,
  };
  return { details, amount };
}
