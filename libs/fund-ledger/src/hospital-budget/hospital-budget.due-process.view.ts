import { Decimal, sum, yuan, ZERO } from '@ledger/money';
import type { ObjectedLine, OverturnedLine } from './hospital-budget.due-process.events';
import type {
  AuditOpinionStatus,
  AuditOpinionView,
  CancelledPenaltyView,
  DueProcessView,
  ObjectedLineView,
  ObjectionView,
} from './hospital-budget.due-process.dto';
import type { AuditOpinion, DueProcessState, Objection } from './hospital-budget.due-process.state';

/**
 * The due-process part of the hospital-year view (GET /hospital-budgets/{fundId}/{payeeId}/{year}): each
 * settled month's audit opinion and whether it was objected to, the objections and their decisions, the
 * supplementary settlements paid, and the penalties cancelled on appeal.
 */
export function dueProcessView(state: DueProcessState): DueProcessView {
  const byMonth = <T extends { month: number }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.month - b.month);
  return {
    auditOpinions: byMonth(state.opinions).map((o) => opinionView(o, state)),
    objections: byMonth(state.objections).map(objectionView),
    supplementarySettlementsYuan: yuan(state.objections.reduce((total, o) => total.plus(o.supplementaryYuan), ZERO)),
    cancelledPenalties: state.penalties.flatMap((p): CancelledPenaltyView[] =>
      p.cancelledOn === null
        ? []
        : [
            {
              kind: p.kind,
              penaltyId: p.penaltyId,
              ruleId: p.ruleId,
              amountYuan: yuan(p.amountYuan),
              assessedOn: p.assessedOn,
              cancelledOn: p.cancelledOn,
              decisionRef: p.cancelDecisionRef ?? '',
            },
          ],
    ),
  };
}

function opinionView(opinion: AuditOpinion, state: DueProcessState): AuditOpinionView {
  const objection = state.objections.find((o) => o.month === opinion.month);
  return {
    month: opinion.month,
    statementDate: opinion.statementDate,
    refusedYuan: yuan(sum(opinion.refusals.map((r) => new Decimal(r.refusedYuan)))),
    refusalLines: opinion.refusals.length,
    status: statusOf(objection),
  };
}

function statusOf(objection: Objection | undefined): AuditOpinionStatus {
  if (objection === undefined) return 'no_objection';
  if (objection.decision === null) return 'objection_pending';
  return objection.decision === 'upheld' ? 'objection_upheld' : 'objection_rejected';
}

function objectionView(o: Objection): ObjectionView {
  return {
    objectionId: o.objectionId,
    month: o.month,
    filedOn: o.filedOn,
    deadline: o.deadline,
    lines: o.lines.map(lineView),
    contestedYuan: yuan(o.contestedYuan),
    decision: o.decision,
    decidedOn: o.decidedOn,
    overturned: o.overturned.map((l: OverturnedLine) => ({ ...lineView(l), overturnedYuan: l.overturnedYuan })),
    supplementaryYuan: yuan(o.supplementaryYuan),
  };
}

function lineView(l: ObjectedLine): ObjectedLineView {
  return { line: l.line, ruleId: l.ruleId, caseRef: l.caseRef, refusedYuan: l.refusedYuan };
}
