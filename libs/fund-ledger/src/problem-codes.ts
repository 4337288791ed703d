import type { ProblemCodeDoc } from '@ledger/platform/http/problem-catalog';
import { FUND_BOOK_PROBLEM_CODES } from './fund-book/fund-book.examples';
import { PAYMENT_METHOD_PROBLEM_CODES } from './payment-methods/payment-methods.examples';
import { ErrorCodes, type ErrorCode } from './shared/domain-error';

/**
 * What each of the ledger's codes means, for the page its problem `type` links to (/problems/<code>).
 * Typed by ErrorCode, so a code added to ErrorCodes without a line here fails the typecheck; the codes
 * defined beside their use cases follow.
 */
const ERROR_CODE_DOCS: Readonly<Record<ErrorCode, ProblemCodeDoc>> = {
  [ErrorCodes.INVALID_FIELD]: { status: 400, meaning: 'A field is well-formed but not acceptable here (a date that does not exist, an id that never enters a stream name); `field` names it.' },
  [ErrorCodes.FUND_NOT_FOUND]: { status: 404, meaning: 'No fund is registered under this fundId. Register it first (POST /funds).' },
  [ErrorCodes.PAYEE_NOT_FOUND]: { status: 404, meaning: 'No payee (定点医疗机构) is registered under this payeeId. Register it first (POST /payees).' },
  [ErrorCodes.POLICY_NOT_FOUND]: { status: 404, meaning: 'No budget policy was set for this fund-year.' },
  [ErrorCodes.QUOTA_NOT_SET]: { status: 422, meaning: 'The hospital-year has no quota (总额预算指标) yet: set one (POST /quotas or an allocation run) before money moves against it.' },
  [ErrorCodes.RECEIVABLE_NOT_FOUND]: { status: 404, meaning: 'No open receivable with this id on the hospital-year.' },
  [ErrorCodes.ALREADY_EXISTS]: { status: 409, meaning: 'The thing this command creates exists already (under another commandId). Read it instead.' },
  [ErrorCodes.QUOTA_EXCEEDED]: { status: 422, meaning: 'The cash paid towards the hospital-year (prepayments and settlement payments) would pass its quota (超总控): the excess is deferred to the year-end settlement, not paid.' },
  [ErrorCodes.PERIOD_CLOSED]: { status: 422, meaning: 'The hospital-year or fund-year is settled or closed and takes no more postings. Enforcement about it goes to the open year of its effective date.' },
  [ErrorCodes.PERIOD_NOT_CLOSED]: { status: 422, meaning: 'The period must be closed (settled) before this command.' },
  [ErrorCodes.AGREEMENT_INACTIVE]: { status: 422, meaning: 'The payee has no active agreement (定点协议) with the fund on the effective date (2 months of grace after expiry, R-ENF-20).' },
  [ErrorCodes.POLICY_FROZEN]: { status: 422, meaning: 'The fund-year\'s budget policy is frozen by a year-end settlement and cannot change.' },
  [ErrorCodes.FUND_KIND_MISMATCH]: { status: 422, meaning: 'The fund is of another kind than this command needs (e.g. a pooled fund where a personal-account fund is expected).' },
  [ErrorCodes.MONTH_ALREADY_SETTLED]: { status: 422, meaning: 'A monthly settlement of this month exists already; correct it with a clawback or adjustment instead.' },
  [ErrorCodes.MONTH_ALREADY_PREPAID]: { status: 422, meaning: 'This month was prepaid already: one prepayment per hospital-year and month.' },
  [ErrorCodes.SCORE_MISSING]: { status: 422, meaning: 'The year-end settlement needs the assessment score (考核得分) first (POST /assessment-scores).' },
  [ErrorCodes.RECOVERY_EXCEEDS_OUTSTANDING]: { status: 422, meaning: 'The recovery is larger than what the receivable still has outstanding.' },
  [ErrorCodes.REFUSAL_EXCEEDS_CLAIM]: { status: 422, meaning: 'The refused lines add up to more than the claim.' },
  [ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR]: { status: 422, meaning: 'The effectiveDate (business date; default: today in LEDGER_TIMEZONE) is outside the year this command allows. Send effectiveDate explicitly for work about another year.' },
  [ErrorCodes.WRONG_PERIOD_FOR_LATE_POSTING]: { status: 422, meaning: 'A late posting about a closed year must go to a later open year (the budget year of its effective date).' },
  [ErrorCodes.INVALID_TRANSITION]: { status: 422, meaning: 'The thing is not in a state that allows this command (e.g. suspending a terminated agreement).' },
  [ErrorCodes.RATES_NOT_SET]: { status: 422, meaning: "No contribution rates are set for this pool and year (POST /contribution-rates); a read answers it as 404." },
  [ErrorCodes.INVALID_QUOTA_ADJUSTMENT]: { status: 422, meaning: 'The quota adjustment is not allowed (its kind, source year or amount).' },
  [ErrorCodes.CLAWBACK_EXCEEDS_APPROVED]: { status: 422, meaning: 'The clawback is larger than what was approved for the hospital-year.' },
  [ErrorCodes.MONTH_NOT_ENDED]: { status: 422, meaning: 'The month has not ended on the effective date: settle it afterwards.' },
};

/** Codes declared beside their use cases (and the read side's). */
const USE_CASE_CODE_DOCS: Readonly<Record<string, ProblemCodeDoc>> = {
  HOSPITAL_YEAR_NOT_FOUND: { status: 404, meaning: 'The hospital-year has no budget events (up to the position asked for).' },
  HOSPITAL_YEARS_NOT_SETTLED: { status: 422, meaning: 'Some hospital-years could not be settled (`failures[]`); the others stay settled. Fix them and retry the same command.' },
  ALLOCATION_RUN_NOT_FOUND: { status: 404, meaning: 'No committed allocation run with this id (or none in force) for the fund-year.' },
  FUND_YEAR_NOT_CLOSED: { status: 404, meaning: 'The fund-year has not been closed (POST /fund-closes), so it has no close report.' },
  PROJECTION_NOT_FOUND: { status: 404, meaning: 'No live projection of this name (GET /projections lists them).' },
  NOT_PROJECTION_LEADER: { status: 409, meaning: 'Another instance runs the projections; send the rebuild to it.' },
  FUND_KIND_NOT_POOLED: { status: 422, meaning: 'Quotas, prepayments, settlements and allocation runs are kept only on pooled funds (employee_pooled, resident_pooled); `field` is fundId.' },
  CO_FUND_KIND_NOT_ALLOWED: { status: 422, meaning: 'A co-funded settlement may name only a fund that may co-pay (medical_assistance or another pooled scheme), never the personal accounts, maternity or the treasury.' },
  NO_HELD_PAYMENT: { status: 422, meaning: 'The hospital-year holds no year-end payment to release (none was held, or it was released already).' },
  STREAM_TOO_LONG: { status: 503, meaning: 'The stream has more events than a command may fold at once; an operator must act.' },
  FORBIDDEN_PAYEE: { status: 403, meaning: 'A hospital token acts for the one payee it names (its payeeId claim): it may not read or object for another payee; `field` names the payee parameter.' },
  SETTLEMENT_NOT_FOUND: { status: 404, meaning: 'The month has no monthly settlement (no audit opinion) on this hospital-year to object to or supplement.' },
  OBJECTION_WINDOW_CLOSED: { status: 422, meaning: "Past the statement date + the budget policy's objectionWindowDays (default 5 calendar days, the last included, R-PAY-4): the audit opinion is deemed accepted and takes no objection." },
  OBJECTION_ALREADY_FILED: { status: 422, meaning: 'The settlement month has an objection already: one objection per settlement month.' },
  OBJECTION_DATE_NOT_TODAY: { status: 422, meaning: 'A hospital files an objection on the day it sends it: leave effectiveDate out (an admin may enter a paper objection with the date it was received).' },
  OBJECTION_NOT_FOUND: { status: 404, meaning: 'The settlement month has no objection to decide.' },
  OBJECTION_ALREADY_DECIDED: { status: 422, meaning: 'The objection was decided already (upheld or rejected); a decision is recorded once.' },
  PENALTY_NOT_FOUND: { status: 404, meaning: 'No liquidated damages (receivableId) or fine (fineId) under this id were assessed on this hospital-year (the year it was posted to).' },
  PENALTY_ALREADY_CANCELLED: { status: 422, meaning: 'The penalty was cancelled on appeal already.' },
  PENALTY_ALREADY_RECOVERED: { status: 422, meaning: 'Part of the liquidated damages was recovered (offset against a settlement or repaid): paying it back is a payment, not a cancellation.' },
  EVENT_NOT_FOUND: { status: 404, meaning: 'No event with this id at the stream and revision given (a reversal names the event by id, stream and revision of the command result that recorded it).' },
  REVERSAL_NOT_REQUESTED: { status: 404, meaning: 'No reversal of this event awaits a decision: request one first (POST /reversals).' },
  REVERSAL_OF_REVERSAL: { status: 422, meaning: 'The event named is itself a reversal; post the corrected event instead.' },
  ALREADY_REVERSED: { status: 422, meaning: 'The event is already reversed; an event is reversed once.' },
  REVERSAL_PENDING: { status: 422, meaning: 'A reversal of this event is already requested and awaits approval or rejection.' },
  NOT_A_MONEY_EVENT: { status: 422, meaning: 'Only money events (with postings, or a quota adjustment) of hospital budgets, contributions and fund books are reversed.' },
  FOUR_EYES_REQUIRED: { status: 422, meaning: 'A reversal takes effect only when a finance or admin user other than its requester approves it.' },
  REVERSAL_BLOCKED: { status: 422, meaning: 'A later event relies on this one (a settlement offset the prepayment, a receivable was recovered, an open item settled): reverse that first.' },
  REVERSAL_NOT_SUPPORTED: { status: 422, meaning: 'Events of this type are corrected otherwise (an allocation run, an opening balance, a year-end settlement).' },
};

export const DOMAIN_PROBLEM_CODES: Readonly<Record<string, ProblemCodeDoc>> = { ...FUND_BOOK_PROBLEM_CODES, ...PAYMENT_METHOD_PROBLEM_CODES, ...ERROR_CODE_DOCS, ...USE_CASE_CODE_DOCS };
