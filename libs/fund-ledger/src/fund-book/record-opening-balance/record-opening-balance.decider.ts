import { Decimal, sum, yuan } from '@ledger/money';
import { assertNever, DecisionContext, invariant } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { accounts, credit, debit, Posting } from '../../shared/journal';
import { requireDate } from '../../registry/calendar';
import { requireFundId, requireId, requireOneOf, requireText, requireYuan } from '../../registry/field-rules';
import { FUND_KINDS, FundKind, PayeeType } from '../../registry/registry.events';
import { FundBookErrorCodes, refuse } from '../fund-book.errors';
import { OPENING_LINE_KINDS, OpeningBalanceRecorded, OpeningLine, OpeningLineKind } from '../fund-book.events';
import { assertOwnFund, assertStreamOf } from '../fund-book.guards';
import { FundBookState } from '../fund-book.state';

/** A closing statement has a few dozen lines; a limit keeps one event (and its fold) bounded. */
export const MAX_OPENING_LINES = 500;
export const MAX_EVIDENCE_LENGTH = 200;

/**
 * RecordOpeningBalance (期初余额): a fund that starts keeping its books here mid-life brings the balances
 * of its last closing statement, once, before any other money event of its fund book.
 *
 * Postings, one per line: Dr cash (bank deposits; every bank account of the fund is the fund's one cash
 * account, so months of payment count all of it, and the line keeps the bank account), Dr hospital
 * receivables, Dr unit contribution receivables, Dr accumulated deficit; Cr accumulated surplus
 * (累计结余), Cr payables by payee, Cr earmarked funds (专项基金). Debits must equal credits.
 */
export interface OpeningLineInput {
  readonly kind: OpeningLineKind;
  /** bank_deposit: bankAccountId; receivables and payables: payeeId or unitId; earmarked_fund: earmarkId. */
  readonly ref?: string;
  readonly amountYuan: string;
}

export interface RecordOpeningBalance {
  readonly type: 'RecordOpeningBalance';
  readonly fundId: string;
  readonly fundKind: FundKind;
  readonly evidenceRef: string;
  readonly lines: readonly OpeningLineInput[];
  /** The registered kind of every payee a line names (looked up by the handler, which 404s the unknown). */
  readonly payeeTypes: ReadonlyMap<string, PayeeType>;
  /** Other streams of this fund already holding money of the period the balances cover (a fact at decision time). */
  readonly moneyElsewhere: readonly string[];
}

export function decideRecordOpeningBalance(
  command: RecordOpeningBalance,
  state: FundBookState,
  context: DecisionContext,
): OpeningBalanceRecorded[] {
  const fundId = requireFundId(command.fundId, 'fundId');
  const fundKind = requireOneOf(command.fundKind, FUND_KINDS, 'fundKind');
  const evidenceRef = requireText(command.evidenceRef, 'evidenceRef');
  if (evidenceRef.length > MAX_EVIDENCE_LENGTH) {
    throw invalidField('evidenceRef', `must be at most ${MAX_EVIDENCE_LENGTH} characters`);
  }
  const asOfDate = requireDate(context.effectiveDate, 'effectiveDate');
  const lines = validLines(command, fundId);
  assertStreamOf(state, fundId);
  if (state.openingAsOf !== null) {
    throw refuse(
      FundBookErrorCodes.OPENING_BALANCE_ALREADY_RECORDED,
      `fund ${fundId} was opened with balances as at ${state.openingAsOf}; a fund has one opening balance`,
      'fundId',
    );
  }
  if (state.postingEvents > 0) {
    throw refuse(
      FundBookErrorCodes.OPENING_BALANCE_AFTER_POSTINGS,
      `fund ${fundId} has ${state.postingEvents} postings in its fund book; an opening balance comes before the first`,
      'fundId',
    );
  }
  if (command.moneyElsewhere.length > 0) {
    throw refuse(
      FundBookErrorCodes.OPENING_BALANCE_AFTER_POSTINGS,
      `fund ${fundId} already has money booked for the period its balances as at ${asOfDate} cover (${command.moneyElsewhere.join(', ')}); it would be counted twice`,
      'effectiveDate',
    );
  }
  const debits = sum(lines.filter((l) => l.side === 'debit').map((l) => new Decimal(l.amountYuan)));
  const credits = sum(lines.filter((l) => l.side === 'credit').map((l) => new Decimal(l.amountYuan)));
  if (!debits.equals(credits)) {
    throw refuse(
      FundBookErrorCodes.OPENING_BALANCE_UNBALANCED,
      `the opening lines do not balance: debits ${yuan(debits)} (deposits, receivables, deficit) vs credits ${yuan(credits)} (surplus, payables, earmarked funds)`,
      'lines',
    );
  }
  const postings: Posting[] = lines.map((line) =>
    line.side === 'debit'
      ? debit(fundId, line.account, new Decimal(line.amountYuan))
      : credit(fundId, line.account, new Decimal(line.amountYuan)),
  );
  assertOwnFund('OpeningBalanceRecorded', postings, fundId, fundKind);
  const data = { fundId, fundKind, asOfDate, evidenceRef, lines, debitsYuan: yuan(debits), creditsYuan: yuan(credits), postings };
  return [{ type: 'OpeningBalanceRecorded', data }];
}

function validLines(command: RecordOpeningBalance, fundId: string): OpeningLine[] {
  if (!Array.isArray(command.lines) || command.lines.length === 0 || command.lines.length > MAX_OPENING_LINES) {
    throw invalidField('lines', `must be 1 to ${MAX_OPENING_LINES} lines`);
  }
  const seen = new Set<string>();
  return command.lines.map((input, index) => {
    const field = `lines[${index}]`;
    const line = validLine(input, field, fundId, command.payeeTypes);
    const key = `${line.kind}:${line.ref ?? ''}`;
    const surplusKey = line.kind === 'accumulated_deficit' ? 'accumulated_surplus:' : key;
    if (seen.has(key) || seen.has(surplusKey)) {
      throw invalidField(field, `repeats ${line.kind}${line.ref === null ? '' : ` ${line.ref}`}: one line each`);
    }
    seen.add(key).add(surplusKey);
    return line;
  });
}

function validLine(
  input: OpeningLineInput,
  field: string,
  fundId: string,
  payeeTypes: ReadonlyMap<string, PayeeType>,
): OpeningLine {
  const kind = requireOneOf(input?.kind, OPENING_LINE_KINDS, `${field}.kind`);
  const amountYuan = yuan(requireYuan(input.amountYuan, `${field}.amountYuan`));
  const noRef = kind === 'accumulated_surplus' || kind === 'accumulated_deficit';
  if (noRef && input.ref !== undefined) throw invalidField(`${field}.ref`, `does not apply to ${kind}`);
  const ref = noRef ? null : requireId(input.ref, `${field}.ref`);
  const line = (account: string, side: 'debit' | 'credit'): OpeningLine => ({ kind, ref, amountYuan, account, side });
  switch (kind) {
    case 'bank_deposit':
      return line(accounts.cash(fundId), 'debit');
    case 'accumulated_surplus':
      return line(accounts.netAssets(fundId, 'accumulated_surplus'), 'credit');
    case 'accumulated_deficit':
      return line(accounts.netAssets(fundId, 'accumulated_surplus'), 'debit');
    case 'hospital_receivable':
      assertPayeeType(payeeTypes, ref!, ['hospital', 'clinic'], `${field}.ref`);
      return line(accounts.hospital(fundId, ref!, 'receivable'), 'debit');
    case 'unit_receivable':
      return line(accounts.unitReceivable(fundId, ref!), 'debit');
    case 'payable':
      assertPayeeType(payeeTypes, ref!, null, `${field}.ref`);
      return line(accounts.payable(fundId, ref!), 'credit');
    case 'earmarked_fund':
      return line(accounts.earmarkedFund(fundId, ref!), 'credit');
    default:
      return assertNever(kind, 'opening line kind');
  }
}

/** The handler looked every named payee up; `allowed` null accepts any kind. */
function assertPayeeType(
  payeeTypes: ReadonlyMap<string, PayeeType>,
  payeeId: string,
  allowed: readonly PayeeType[] | null,
  field: string,
): void {
  const type = payeeTypes.get(payeeId);
  invariant(type !== undefined, `payee ${payeeId} of ${field} was not looked up by the handler`);
  if (allowed === null || allowed.includes(type)) return;
  throw refuse(
    FundBookErrorCodes.PAYEE_KIND_MISMATCH,
    `${payeeId} is a ${type}; a hospital receivable is due from a ${allowed.join(' or ')}`,
    field,
  );
}
