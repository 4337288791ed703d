import { DomainEvent } from '../shared/decider';
import { Posting } from '../shared/journal';
import { FundKind, PayeeType } from '../registry/registry.events';
import type { ReversalFacts } from '../shared/reversal-facts';

/**
 * The fund book (基金账簿) of one fund: its opening balance and every outflow that is not a hospital's
 * global budget. One stream per fund, `fundbook-{fundId}` (not `fund-book-…`: a fund registered as
 * `book-X` owns the registry stream `fund-book-X`). Every event of the area is appended there with the
 * exact expected revision, so "is there an opening balance?" and "has the fund book posted money?" are
 * answered by the stream the command is decided on, with no scan. The stream is long-lived (a few
 * thousand payments a year); its state is small (open items, payment ids), and the loader folds it
 * incrementally from its cache.
 */
export const fundBookStream = (fundId: string): string => `fundbook-${fundId}`;

// ---- opening balance (期初余额)

export type OpeningLineKind =
  | 'bank_deposit'
  | 'accumulated_surplus'
  | 'accumulated_deficit'
  | 'hospital_receivable'
  | 'unit_receivable'
  | 'payable'
  | 'earmarked_fund';
export const OPENING_LINE_KINDS: readonly OpeningLineKind[] = [
  'bank_deposit',
  'accumulated_surplus',
  'accumulated_deficit',
  'hospital_receivable',
  'unit_receivable',
  'payable',
  'earmarked_fund',
];

/** One line of the closing statement the fund is opened from; `ref` names its bank account, payee, unit or earmark. */
export interface OpeningLine {
  readonly kind: OpeningLineKind;
  /** bankAccountId, payeeId, unitId or earmarkId; null for the accumulated surplus or deficit. */
  readonly ref: string | null;
  readonly amountYuan: string;
  readonly account: string;
  readonly side: 'debit' | 'credit';
}

export type OpeningBalanceRecorded = DomainEvent<
  'OpeningBalanceRecorded',
  {
    readonly fundId: string;
    readonly fundKind: FundKind;
    /** The date the balances are as at (the event's effective date). */
    readonly asOfDate: string;
    /** The closing statement the balances come from (上年决算/结账报表). */
    readonly evidenceRef: string;
    readonly lines: readonly OpeningLine[];
    readonly debitsYuan: string;
    readonly creditsYuan: string;
    readonly postings: readonly Posting[];
  }
>;

// ---- fund payments (基金支出)

export type PaymentCategory =
  | 'individual_reimbursement'
  | 'personal_account_spending'
  | 'medical_assistance'
  | 'critical_illness_premium'
  | 'supplier_settlement'
  | 'out_of_area_clearing'
  | 'earmarked_advance';
export const PAYMENT_CATEGORIES: readonly PaymentCategory[] = [
  'individual_reimbursement',
  'personal_account_spending',
  'medical_assistance',
  'critical_illness_premium',
  'supplier_settlement',
  'out_of_area_clearing',
  'earmarked_advance',
];

/** A registered payee with its kind at decision time, or the members of a batch (paid to their own cards). */
export type PaymentPayee =
  | { readonly kind: 'payee'; readonly payeeId: string; readonly payeeType: PayeeType }
  | { readonly kind: 'members'; readonly memberCount: number };

export type OutOfAreaDirection = 'owed_to_platform' | 'owed_by_platform';
export const OUT_OF_AREA_DIRECTIONS: readonly OutOfAreaDirection[] = ['owed_to_platform', 'owed_by_platform'];

export type ProcuredGoods = 'drugs' | 'consumables';
export const PROCURED_GOODS: readonly ProcuredGoods[] = ['drugs', 'consumables'];

/** What each category records beyond the common fields: the inputs an auditor needs to recompute it. */
export type PaymentDetails =
  | {
      readonly category: 'individual_reimbursement';
      readonly claimRef: string;
      readonly dischargeDate: string;
      readonly filedDate: string;
      /** R-PAY-10: calendar days after discharge, inclusive of the last day (§7). */
      readonly filingDeadlineDays: number;
      readonly filingDeadline: string;
    }
  | { readonly category: 'personal_account_spending' }
  | { readonly category: 'medical_assistance'; readonly approvalRef: string; readonly approvedDate: string }
  | {
      readonly category: 'critical_illness_premium';
      readonly coverageYear: number;
      readonly perCapitaYuan: string;
      readonly insuredCount: number;
    }
  | {
      readonly category: 'supplier_settlement';
      readonly forHospitalId: string;
      readonly forHospitalType: PayeeType;
      readonly goods: ProcuredGoods;
    }
  | { readonly category: 'out_of_area_clearing'; readonly direction: OutOfAreaDirection }
  | { readonly category: 'earmarked_advance'; readonly earmarkId: string; readonly purpose: string };

export type FundPaymentRecorded = DomainEvent<
  'FundPaymentRecorded',
  {
    readonly paymentId: string;
    readonly fundId: string;
    readonly fundKind: FundKind;
    readonly category: PaymentCategory;
    readonly payee: PaymentPayee;
    /** The month the payment concerns, YYYY-MM (may be earlier than the effective date). */
    readonly period: string;
    readonly amountYuan: string;
    readonly personTimes: number | null;
    /** The upstream batch (结算批次/申报批次) the amount comes from. */
    readonly batchRef: string;
    readonly effectiveDate: string;
    readonly details: PaymentDetails;
    /** Set when the payment opens an item (advance, clearing, paid on behalf): the account it sits in. */
    readonly openItem: { readonly itemId: string; readonly kind: OpenItemKind; readonly account: string } | null;
    readonly postings: readonly Posting[];
  }
>;

// ---- open items and their settlement

/** Balances a payment leaves open until a later command settles them. */
export type OpenItemKind = 'earmarked_advance' | 'out_of_area_payable' | 'out_of_area_receivable' | 'paid_on_behalf';

export type SettlementAction = 'repay_advance' | 'convert_advance' | 'clear_out_of_area' | 'offset_paid_on_behalf';
export const SETTLEMENT_ACTIONS: readonly SettlementAction[] = [
  'repay_advance',
  'convert_advance',
  'clear_out_of_area',
  'offset_paid_on_behalf',
];

export type OpenItemSettled = DomainEvent<
  'OpenItemSettled',
  {
    readonly settlementId: string;
    readonly fundId: string;
    readonly itemId: string;
    readonly itemKind: OpenItemKind;
    readonly action: SettlementAction;
    readonly amountYuan: string;
    readonly outstandingBeforeYuan: string;
    readonly outstandingAfterYuan: string;
    /** The bank slip, clearing statement or settlement the amount comes from. */
    readonly reference: string;
    /** convert_advance: the month the spending concerns; offset: the hospital settlement's month. */
    readonly period: string | null;
    readonly effectiveDate: string;
    readonly postings: readonly Posting[];
  }
>;

// ---- reversals (红字冲销)

export type { ReversalFacts, ReversalParty } from '../shared/reversal-facts';

/** A fund payment reversed in the fund book: its payment id free again, an open item it opened withdrawn. */
export type FundPaymentReversed = DomainEvent<
  'EventReversed',
  ReversalFacts & {
    readonly fundId: string;
    readonly effectiveDate: string;
    readonly reversed: FundPaymentRecorded;
  }
>;

export type FundBookEvent = OpeningBalanceRecorded | FundPaymentRecorded | OpenItemSettled | FundPaymentReversed;
