import { Decimal, sum, yuan } from '@ledger/money';
import type { PolicySnapshot } from '../../shared/budget-policy';
import type { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import {
  DueProcessErrorCodes,
  dueProcessNotFound,
  rejectDueProcess,
} from '../hospital-budget.due-process.errors';
import {
  addCalendarDays,
  type AuditOpinion,
  objectionIdOf,
  objectionOf,
  opinionOf,
} from '../hospital-budget.due-process.state';
import type { BudgetStreamKey, ObjectedLine, ObjectionFiled } from '../hospital-budget.events';
import { assertEffectiveDate, assertOpen, eventBase, streamKeyOf } from '../hospital-budget.guards';
import { arrayInput, monthInput, textInput } from '../hospital-budget.inputs';
import { parsePolicySnapshot } from '../hospital-budget.policy';
import type { HospitalBudgetState } from '../hospital-budget.state';

/**
 * FileObjection (异议, R-PAY-4): the hospital contests refusal lines of a month's audit opinion within the
 * policy's window (default 5 calendar days, the last included) from the statement date: the settlement's
 * statementDate, else its effective date. Past the window the opinion is deemed accepted (422
 * OBJECTION_WINDOW_CLOSED). One objection per settlement month. A hospital files on the day it sends:
 * its filing date is the day the command is recorded (in the fund's time zone), never one it chooses.
 */
export interface FileObjection extends BudgetStreamKey {
  readonly type: 'FileObjection';
  readonly month: number;
  /** Indexes (from 0) of the settlement's refusal lines contested. */
  readonly lines: readonly number[];
  readonly reason: string;
  /** The policy of the fund-year (its objectionWindowDays), read by the handler. */
  readonly policy: PolicySnapshot;
  /** The filer's role: 'hospital' (its own payee, checked by the auth guard) or admin (a paper objection). */
  readonly filerRole: string;
  /** The business date of the instant the command is recorded: a hospital's filing date. */
  readonly recordedOn: string;
}

/** A settlement has at most MAX_REFUSALS (500) lines; an objection names each at most once. */
export const MAX_OBJECTED_LINES = 500;

export function decideFileObjection(
  command: FileObjection,
  state: HospitalBudgetState,
  context: DecisionContext,
): ObjectionFiled[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const filedOn = assertEffectiveDate(context, key.year, 'budget');
  if (command.filerRole === 'hospital' && filedOn !== command.recordedOn) {
    throw rejectDueProcess(
      DueProcessErrorCodes.OBJECTION_DATE_NOT_TODAY,
      `a hospital files its objection on the day it sends it (${command.recordedOn}), not on ${filedOn}: leave effectiveDate out`,
      'effectiveDate',
    );
  }
  const month = monthInput(command.month);
  const { policyVersion, policy } = parsePolicySnapshot(command.policy);
  const opinion = opinionOf(state.dueProcess, month);
  if (opinion === undefined) {
    throw dueProcessNotFound(DueProcessErrorCodes.SETTLEMENT_NOT_FOUND, `month ${month} of ${key.year} has no settlement to object to`, 'month');
  }
  if (objectionOf(state.dueProcess, month) !== undefined) {
    throw rejectDueProcess(DueProcessErrorCodes.OBJECTION_ALREADY_FILED, `month ${month} of ${key.year} has an objection already: one per settlement month`, 'month');
  }
  const deadline = addCalendarDays(opinion.statementDate, policy.objectionWindowDays);
  assertWithinWindow(opinion, filedOn, deadline, policy.objectionWindowDays);
  const lines = objectedLines(command.lines, opinion);
  const reason = textInput(command.reason, 'reason');
  return [
    {
      type: 'ObjectionFiled',
      data: {
        ...eventBase(key, filedOn),
        objectionId: objectionIdOf(key.year, month),
        month,
        statementDate: opinion.statementDate,
        windowDays: policy.objectionWindowDays,
        deadline,
        lines,
        contestedYuan: yuan(sum(lines.map((l) => new Decimal(l.refusedYuan)))),
        reason,
        policyVersion,
      },
    },
  ];
}

/** Calendar days, inclusive: statement 2025-04-10, 5 days → accepted through 2025-04-15 (WE-16). */
function assertWithinWindow(opinion: AuditOpinion, filedOn: string, deadline: string, days: number): void {
  if (filedOn < opinion.statementDate) {
    throw invalidField('effectiveDate', `an objection cannot precede the statement of ${opinion.statementDate}`);
  }
  if (filedOn > deadline) {
    throw rejectDueProcess(
      DueProcessErrorCodes.OBJECTION_WINDOW_CLOSED,
      `the objection window of month ${opinion.month} (statement ${opinion.statementDate}, ${days} days) closed on ${deadline}; the audit opinion is deemed accepted (R-PAY-4)`,
      'effectiveDate',
    );
  }
}

function objectedLines(value: unknown, opinion: AuditOpinion): ObjectedLine[] {
  const indexes = arrayInput(value, 'lines', MAX_OBJECTED_LINES);
  if (opinion.refusals.length === 0) throw invalidField('lines', `the settlement of month ${opinion.month} refused nothing`);
  if (indexes.length === 0) throw invalidField('lines', 'name at least one refusal line');
  const seen = new Set<number>();
  return indexes.map((raw, i) => {
    const index = raw as number;
    if (!Number.isInteger(index) || index < 0 || index >= opinion.refusals.length) {
      throw invalidField(`lines[${i}]`, `must be a refusal line of the settlement, 0..${opinion.refusals.length - 1}`);
    }
    if (seen.has(index)) throw invalidField(`lines[${i}]`, `line ${index} is named twice`);
    seen.add(index);
    const refusal = opinion.refusals[index]!;
    return { line: index, ruleId: refusal.ruleId, caseRef: refusal.caseRef, refusedYuan: refusal.refusedYuan };
  });
}
