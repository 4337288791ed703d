import { Decimal, sum, yuan } from '@ledger/money';
import type { PolicySnapshot } from '../../shared/budget-policy';
import type { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { DueProcessErrorCodes, dueProcessNotFound, rejectDueProcess } from '../hospital-budget.due-process.errors';
import {
  type Objection,
  objectionOf,
  opinionOf,
  supplementaryIdOf,
} from '../hospital-budget.due-process.state';
import type {
  AgreementFact,
  BudgetStreamKey,
  ObjectionDecided,
  ObjectionDecision,
  OverturnedLine,
  SupplementarySettlementPosted,
} from '../hospital-budget.events';
import {
  assertAgreementActive,
  assertEffectiveDate,
  assertOpen,
  assertPooledFund,
  eventBase,
  type FundKindFact,
  requireQuota,
  streamKeyOf,
} from '../hospital-budget.guards';
import { arrayInput, monthInput, oneOf, textInput, yuanInput } from '../hospital-budget.inputs';
import { parsePolicySnapshot } from '../hospital-budget.policy';
import { type HospitalBudgetState, paidTowardYear } from '../hospital-budget.state';
import { cashCapSplit, splitLikeTheMonth, supplementaryPostings } from './supplementary-settlement.rule';

/**
 * DecideObjection (finance): the agency's answer to a month's objection. Rejected: recorded, nothing paid.
 * Upheld: the overturned part of the contested lines (in full unless an amount is given) is paid by a
 * supplementary settlement (补充结算) in the same decision, within the quota's cash cap like any settlement
 * (the rest deferred to the year end), counting in the year's approved amount and so in A.
 */
export interface OverturnInput {
  /** A contested line's index in the settlement's refusals. */
  readonly line: number;
  /** The part overturned, at most the line's refused amount; default: all of it. */
  readonly amountYuan?: string;
}

export interface DecideObjection extends BudgetStreamKey {
  readonly type: 'DecideObjection';
  readonly month: number;
  readonly decision: ObjectionDecision;
  /** Upheld: at least one line; rejected: none. */
  readonly overturned?: readonly OverturnInput[];
  readonly decisionRef: string;
  readonly reason: string;
  readonly agreement: AgreementFact | null;
  readonly policy: PolicySnapshot;
  readonly fundKind?: FundKindFact;
}

export const DECISIONS: readonly ObjectionDecision[] = ['upheld', 'rejected'];

export function decideDecideObjection(
  command: DecideObjection,
  state: HospitalBudgetState,
  context: DecisionContext,
): Array<ObjectionDecided | SupplementarySettlementPosted> {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const month = monthInput(command.month);
  const decision = oneOf(command.decision, 'decision', DECISIONS);
  const decisionRef = textInput(command.decisionRef, 'decisionRef', 100);
  const reason = textInput(command.reason, 'reason');
  const objection = objectionOf(state.dueProcess, month);
  if (objection === undefined) {
    throw dueProcessNotFound(DueProcessErrorCodes.OBJECTION_NOT_FOUND, `month ${month} of ${key.year} has no objection`, 'month');
  }
  if (objection.decision !== null) {
    throw rejectDueProcess(DueProcessErrorCodes.OBJECTION_ALREADY_DECIDED, `the objection to month ${month} was ${objection.decision} on ${objection.decidedOn}`, 'month');
  }
  if (effectiveDate < objection.filedOn) {
    throw invalidField('effectiveDate', `the decision cannot precede the objection filed on ${objection.filedOn}`);
  }
  const overturned = decision === 'upheld' ? overturnedLines(command.overturned, objection) : noLines(command.overturned);
  const decided: ObjectionDecided = {
    type: 'ObjectionDecided',
    data: {
      ...eventBase(key, effectiveDate),
      objectionId: objection.objectionId,
      month,
      decision,
      overturned,
      overturnedYuan: yuan(sum(overturned.map((l) => new Decimal(l.overturnedYuan)))),
      decisionRef,
      reason,
    },
  };
  if (decision === 'rejected') return [decided];
  return [decided, supplementarySettlement(command, state, objection, overturned, effectiveDate)];
}

function supplementarySettlement(
  command: DecideObjection,
  state: HospitalBudgetState,
  objection: Objection,
  lines: readonly OverturnedLine[],
  effectiveDate: string,
): SupplementarySettlementPosted {
  const key = streamKeyOf(command, state);
  assertPooledFund(command.fundKind, key.fundId);
  const { policyVersion } = parsePolicySnapshot(command.policy);
  const quota = requireQuota(state);
  const agreement = assertAgreementActive(command.agreement, effectiveDate);
  const opinion = opinionOf(state.dueProcess, objection.month);
  if (opinion === undefined) {
    throw dueProcessNotFound(DueProcessErrorCodes.SETTLEMENT_NOT_FOUND, `month ${objection.month} has no settlement left (reversed) to supplement`, 'month');
  }
  const amount = sum(lines.map((l) => new Decimal(l.overturnedYuan)));
  const split = splitLikeTheMonth(amount, opinion);
  const cap = cashCapSplit(split.primary, quota, paidTowardYear(state));
  return {
    type: 'SupplementarySettlementPosted',
    data: {
      ...eventBase(key, effectiveDate),
      supplementaryId: supplementaryIdOf(objection.objectionId),
      objectionId: objection.objectionId,
      month: objection.month,
      lines,
      amountYuan: yuan(amount),
      coFunding: split.coFunding,
      primaryYuan: yuan(split.primary),
      quotaYuan: yuan(quota),
      paidTowardYearBeforeYuan: yuan(cap.paidBefore),
      roomYuan: yuan(cap.room),
      payableYuan: yuan(cap.payable),
      deferredYuan: yuan(cap.deferred),
      netPaymentYuan: yuan(cap.payable),
      policyVersion,
      agreement,
      postings: supplementaryPostings(key, split, cap),
    },
  };
}

function noLines(value: unknown): OverturnedLine[] {
  if (value === undefined || value === null) return [];
  if (arrayInput(value, 'overturned', Number.MAX_SAFE_INTEGER).length > 0) {
    throw invalidField('overturned', 'a rejected objection overturns nothing');
  }
  return [];
}

function overturnedLines(value: unknown, objection: Objection): OverturnedLine[] {
  const inputs = arrayInput(value ?? [], 'overturned', objection.lines.length);
  if (inputs.length === 0) throw invalidField('overturned', 'an upheld objection overturns at least one contested line');
  const seen = new Set<number>();
  return inputs.map((raw, i) => {
    const field = `overturned[${i}]`;
    if (typeof raw !== 'object' || raw === null) throw invalidField(field, 'must be an object');
    const input = raw as OverturnInput;
    const contested = objection.lines.find((l) => l.line === input.line);
    if (contested === undefined) throw invalidField(`${field}.line`, `line ${String(input.line)} was not contested`);
    if (seen.has(contested.line)) throw invalidField(`${field}.line`, `line ${contested.line} is named twice`);
    seen.add(contested.line);
    const refused = new Decimal(contested.refusedYuan);
    const part = input.amountYuan === undefined ? refused : yuanInput(input.amountYuan, `${field}.amountYuan`);
    if (part.gt(refused)) throw invalidField(`${field}.amountYuan`, `at most the line's refused ${contested.refusedYuan}`);
    return { ...contested, overturnedYuan: yuan(part) };
  });
}
