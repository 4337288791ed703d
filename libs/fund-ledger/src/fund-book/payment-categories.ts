import { FundKind, PayeeType } from '../registry/registry.events';
import { FundBookErrorCodes, refuse } from './fund-book.errors';
import { PaymentCategory, PaymentPayee } from './fund-book.events';

/**
 * Which fund may pay which category, and to whom. Pure data: R-ACC-1 (the pooled fund and the personal
 * accounts have separate payment scopes) and R-ACC-4 (each fund keeps its own books) become one table.
 * - individual reimbursements: the pooled funds and maternity (生育 claims are filed the same way);
 * - personal-account spending: only the employee personal-account fund, only to pharmacies and clinics (R-PAY-6);
 * - medical assistance: only the medical-assistance fund, to members' bank cards (R-PAY-17);
 * - the critical-illness premium: only the resident pooled fund, to the insurer (§7);
 * - supplier settlements and out-of-area clearing: the pooled funds, whose hospital care they concern;
 * - earmarked advances: the pooled funds, to institutions and distributors (R-PAY-12/13).
 */
export interface CategoryRule {
  readonly fundKinds: readonly FundKind[];
  /** The payee kinds it may be paid to, or 'members' (paid to the members of a batch). */
  readonly payees: readonly PayeeType[] | 'members';
}

const POOLED: readonly FundKind[] = ['employee_pooled', 'resident_pooled'];

export const CATEGORY_RULES: Readonly<Record<PaymentCategory, CategoryRule>> = {
  individual_reimbursement: { fundKinds: [...POOLED, 'maternity'], payees: 'members' },
  personal_account_spending: { fundKinds: ['employee_personal'], payees: ['pharmacy', 'clinic'] },
  medical_assistance: { fundKinds: ['medical_assistance'], payees: 'members' },
  critical_illness_premium: { fundKinds: ['resident_pooled'], payees: ['insurer'] },
  supplier_settlement: { fundKinds: POOLED, payees: ['supplier'] },
  out_of_area_clearing: { fundKinds: POOLED, payees: ['clearing_house'] },
  earmarked_advance: { fundKinds: POOLED, payees: ['hospital', 'clinic', 'pharmacy', 'supplier'] },
};

export const mayPay = (category: PaymentCategory, fundKind: FundKind): boolean =>
  CATEGORY_RULES[category].fundKinds.includes(fundKind);

/** 422 FUND_KIND_MISMATCH naming the fund and the category. */
export function assertFundMayPay(category: PaymentCategory, fundId: string, fundKind: FundKind): void {
  if (mayPay(category, fundKind)) return;
  throw refuse(
    FundBookErrorCodes.FUND_KIND_MISMATCH,
    `fund ${fundId} (${fundKind}) may not pay ${category}; it is paid from ${CATEGORY_RULES[category].fundKinds.join(' or ')}`,
    'fundId',
  );
}

/** 422 PAYEE_KIND_MISMATCH: the category is paid to members, or to one of its payee kinds. */
export function assertPayeeFits(category: PaymentCategory, payee: PaymentPayee): void {
  const { payees } = CATEGORY_RULES[category];
  if (payees === 'members') {
    if (payee.kind === 'members') return;
    throw refuse(FundBookErrorCodes.PAYEE_KIND_MISMATCH, `${category} is paid to members, not to a payee`, 'payeeId');
  }
  if (payee.kind === 'payee' && payees.includes(payee.payeeType)) return;
  const given = payee.kind === 'payee' ? `${payee.payeeId} is a ${payee.payeeType}` : 'no payee was named';
  throw refuse(
    FundBookErrorCodes.PAYEE_KIND_MISMATCH,
    `${category} is paid to a ${payees.join(' or ')}; ${given}`,
    'payeeId',
  );
}
