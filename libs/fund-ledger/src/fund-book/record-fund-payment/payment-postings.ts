import { Decimal } from '@ledger/money';
import { assertNever, invariant } from '../../shared/decider';
import { accounts, credit, debit, ExpenseCategory, Posting } from '../../shared/journal';
import { FundPaymentRecorded, OpenItemKind, PaymentDetails, PaymentPayee } from '../fund-book.events';

type OpenItemRef = FundPaymentRecorded['data']['openItem'];

/**
 * The entries of each category, all in the paying fund:
 * - reimbursements, personal-account spending, assistance, premiums: Dr expense:<category> / Cr cash;
 * - supplier settlement (R-PAY-14): Dr hospital:<H>:paid_on_behalf / Cr cash. Not an expense: the
 *   hospital's settlement counts the goods once, and this balance is offset against it (settle-open-item);
 * - out-of-area owed to the platform: Dr expense:out_of_area_care / Cr payable:<platform> (paid when cleared);
 * - out-of-area owed by the platform (care the fund paid for other regions' members): Dr receivable:<platform> / Cr cash;
 * - earmarked advance (R-PAY-12/13): Dr advance:<recipient> / Cr cash, until repaid or converted.
 */
export function paymentPostings(
  fundId: string,
  paymentId: string,
  payee: PaymentPayee,
  details: PaymentDetails,
  amount: Decimal,
): { postings: Posting[]; openItem: OpenItemRef } {
  const cash = accounts.cash(fundId);
  const spend = (category: ExpenseCategory) => ({
    postings: [debit(fundId, accounts.expense(fundId, category), amount), credit(fundId, cash, amount)],
    openItem: null,
  });
  const opens = (kind: OpenItemKind, account: string, postings: Posting[]) => ({
    postings,
    openItem: { itemId: paymentId, kind, account },
  });
  switch (details.category) {
    case 'individual_reimbursement':
      return spend('individual_reimbursements');
    case 'personal_account_spending':
      return spend('personal_account_spending');
    case 'medical_assistance':
      return spend('medical_assistance_payments');
    case 'critical_illness_premium':
      return spend('critical_illness_premiums');
    case 'supplier_settlement': {
      const account = accounts.hospital(fundId, details.forHospitalId, 'paid_on_behalf');
      return opens('paid_on_behalf', account, [debit(fundId, account, amount), credit(fundId, cash, amount)]);
    }
    case 'out_of_area_clearing': {
      const platform = payeeIdOf(payee);
      if (details.direction === 'owed_to_platform') {
        const account = accounts.payable(fundId, platform);
        const expense = accounts.expense(fundId, 'out_of_area_care');
        return opens('out_of_area_payable', account, [debit(fundId, expense, amount), credit(fundId, account, amount)]);
      }
      const account = accounts.receivable(fundId, platform);
      return opens('out_of_area_receivable', account, [debit(fundId, account, amount), credit(fundId, cash, amount)]);
    }
    case 'earmarked_advance': {
      const account = accounts.advance(fundId, payeeIdOf(payee));
      return opens('earmarked_advance', account, [debit(fundId, account, amount), credit(fundId, cash, amount)]);
    }
    default:
      return assertNever(details, 'payment category');
  }
}

function payeeIdOf(payee: PaymentPayee): string {
  invariant(payee.kind === 'payee', 'this category is paid to a payee (checked by the category table)');
  return payee.payeeId;
}
