import { Decimal, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import type { Posting } from '../shared/journal';
import type {
  ObjectedLine,
  ObjectionDecision,
  OverturnedLine,
  PenaltyCancelledOnAppealData,
  PenaltyKind,
  SupplementarySettlementPostedData,
} from './hospital-budget.due-process.events';
import type { HospitalBudgetEvent, RefusalLine } from './hospital-budget.events';

/**
 * What the due-process deciders need of a hospital-year (a part of HospitalBudgetState): each settled
 * month's audit opinion (its refusal lines and statement date), the objections to them, and the penalties
 * that may be cancelled on appeal. Pure, never mutates; untouched parts are shared.
 */
export interface AuditOpinion {
  readonly month: number;
  /** The settlement's statementDate when it records one, else its effectiveDate. */
  readonly statementDate: string;
  readonly refusals: readonly RefusalLine[];
  /** The month's co-funding, so a supplementary settlement splits the same way. */
  readonly coFunding: { readonly fundId: string; readonly ratio: string } | null;
}

export interface Objection {
  readonly objectionId: string;
  readonly month: number;
  readonly filedOn: string;
  readonly deadline: string;
  readonly lines: readonly ObjectedLine[];
  readonly contestedYuan: Decimal;
  readonly decision: ObjectionDecision | null;
  readonly decidedOn: string | null;
  readonly overturned: readonly OverturnedLine[];
  /** Paid by the supplementary settlement (stream fund's part + co-fund's part). */
  readonly supplementaryYuan: Decimal;
}

export interface PenaltyRecord {
  readonly kind: PenaltyKind;
  /** receivableId (damages) or fineId. */
  readonly penaltyId: string;
  readonly amountYuan: Decimal;
  readonly ruleId: string;
  readonly serviceYear: number;
  readonly assessedOn: string;
  readonly postings: readonly Posting[];
  readonly cancelledOn: string | null;
  readonly cancelDecisionRef: string | null;
}

export interface DueProcessState {
  readonly opinions: readonly AuditOpinion[];
  readonly objections: readonly Objection[];
  readonly penalties: readonly PenaltyRecord[];
}

export function initialDueProcess(): DueProcessState {
  return { opinions: [], objections: [], penalties: [] };
}

/** One objection per settlement month, so its id is the month's. */
export const objectionIdOf = (year: number, month: number): string => `OBJ-${year}-${String(month).padStart(2, '0')}`;
export const supplementaryIdOf = (objectionId: string): string => `SUPP-${objectionId.slice('OBJ-'.length)}`;

export const opinionOf = (state: DueProcessState, month: number): AuditOpinion | undefined =>
  state.opinions.find((o) => o.month === month);

export const objectionOf = (state: DueProcessState, month: number): Objection | undefined =>
  state.objections.find((o) => o.month === month);

/** The live record of a penalty: the last one under the id (a cancelled receivable id may be assessed again). */
export function penaltyOf(state: DueProcessState, kind: PenaltyKind, penaltyId: string): PenaltyRecord | undefined {
  for (let i = state.penalties.length - 1; i >= 0; i -= 1) {
    const record = state.penalties[i]!;
    if (record.kind === kind && record.penaltyId === penaltyId) return record;
  }
  return undefined;
}

/** Folds the events due process cares about; every other event leaves the slice as it is (the same object). */
export function evolveDueProcess(state: DueProcessState, event: HospitalBudgetEvent): DueProcessState {
  switch (event.type) {
    case 'MonthlySettlementPosted': {
      const { month, refusals, coFunding, effectiveDate, statementDate } = event.data;
      const opinion: AuditOpinion = {
        month,
        statementDate: statementDate ?? effectiveDate,
        refusals,
        coFunding: coFunding && { fundId: coFunding.fundId, ratio: coFunding.ratio },
      };
      return { ...state, opinions: [...state.opinions.filter((o) => o.month !== month), opinion] };
    }
    case 'LiquidatedDamagesAssessed': {
      const d = event.data;
      return withPenalty(state, 'liquidated_damages', d.receivableId, d.amountYuan, d.ruleId, d.serviceYear, d.effectiveDate, d.postings);
    }
    case 'FineImposed': {
      const d = event.data;
      return withPenalty(state, 'fine', d.fineId, d.fineYuan, d.ruleId, d.serviceYear, d.effectiveDate, d.postings);
    }
    case 'EventReversed':
      return withoutReversed(state, event.data.reversed);
    case 'ObjectionFiled':
    case 'ObjectionDecided':
    case 'SupplementarySettlementPosted':
    case 'PenaltyCancelledOnAppeal':
      return evolveOwnEvent(state, event);
    default:
      return state;
  }
}

type OwnEvent = Extract<
  HospitalBudgetEvent,
  { type: 'ObjectionFiled' | 'ObjectionDecided' | 'SupplementarySettlementPosted' | 'PenaltyCancelledOnAppeal' }
>;

function evolveOwnEvent(state: DueProcessState, event: OwnEvent): DueProcessState {
  switch (event.type) {
    case 'ObjectionFiled': {
      const d = event.data;
      invariant(objectionOf(state, d.month) === undefined, `a second objection to month ${d.month}`);
      const objection: Objection = {
        objectionId: d.objectionId,
        month: d.month,
        filedOn: d.effectiveDate,
        deadline: d.deadline,
        lines: d.lines,
        contestedYuan: new Decimal(d.contestedYuan),
        decision: null,
        decidedOn: null,
        overturned: [],
        supplementaryYuan: ZERO,
      };
      return { ...state, objections: [...state.objections, objection] };
    }
    case 'ObjectionDecided': {
      const d = event.data;
      return withObjection(state, d.objectionId, (o) => {
        invariant(o.decision === null, `objection ${d.objectionId} decided twice`);
        return { ...o, decision: d.decision, decidedOn: d.effectiveDate, overturned: d.overturned };
      });
    }
    case 'SupplementarySettlementPosted':
      return withObjection(state, event.data.objectionId, (o) => {
        invariant(o.decision === 'upheld', `supplementary settlement for objection ${o.objectionId} that is not upheld`);
        return { ...o, supplementaryYuan: o.supplementaryYuan.plus(event.data.amountYuan) };
      });
    case 'PenaltyCancelledOnAppeal': {
      const d = event.data;
      const record = penaltyOf(state, d.penaltyKind, d.penaltyId);
      invariant(record !== undefined && record.cancelledOn === null, `penalty ${d.penaltyId} is not live`);
      const cancelled: PenaltyRecord = { ...record, cancelledOn: d.effectiveDate, cancelDecisionRef: d.decisionRef };
      return { ...state, penalties: state.penalties.map((p) => (p === record ? cancelled : p)) };
    }
  }
}

function withObjection(state: DueProcessState, objectionId: string, change: (o: Objection) => Objection): DueProcessState {
  const objection = state.objections.find((o) => o.objectionId === objectionId);
  invariant(objection !== undefined, `no objection ${objectionId}`);
  const changed = change(objection);
  return { ...state, objections: state.objections.map((o) => (o === objection ? changed : o)) };
}

function withPenalty(
  state: DueProcessState,
  kind: PenaltyKind,
  penaltyId: string,
  amountYuan: string,
  ruleId: string,
  serviceYear: number,
  assessedOn: string,
  postings: readonly Posting[],
): DueProcessState {
  const record: PenaltyRecord = {
    kind,
    penaltyId,
    amountYuan: new Decimal(amountYuan),
    ruleId,
    serviceYear,
    assessedOn,
    postings,
    cancelledOn: null,
    cancelDecisionRef: null,
  };
  return { ...state, penalties: [...state.penalties, record] };
}

type ReversedEvent = Extract<HospitalBudgetEvent, { type: 'EventReversed' }>['data']['reversed'];

/** A reversed (红字冲销) settlement has no audit opinion left to object to; a reversed penalty none to appeal. */
function withoutReversed(state: DueProcessState, reversed: ReversedEvent): DueProcessState {
  switch (reversed.type) {
    case 'MonthlySettlementPosted':
      return { ...state, opinions: state.opinions.filter((o) => o.month !== reversed.data.month) };
    case 'LiquidatedDamagesAssessed':
      return withoutPenalty(state, 'liquidated_damages', reversed.data.receivableId);
    case 'FineImposed':
      return withoutPenalty(state, 'fine', reversed.data.fineId);
    default:
      return state;
  }
}

function withoutPenalty(state: DueProcessState, kind: PenaltyKind, penaltyId: string): DueProcessState {
  const record = penaltyOf(state, kind, penaltyId);
  return record === undefined ? state : { ...state, penalties: state.penalties.filter((p) => p !== record) };
}

/** Folds the slice of a whole hospital-year state (applied before the event's own case, which it never reads). */
export function withDueProcess<S extends { readonly dueProcess: DueProcessState }>(state: S, event: HospitalBudgetEvent): S {
  const dueProcess = evolveDueProcess(state.dueProcess, event);
  return dueProcess === state.dueProcess ? state : { ...state, dueProcess };
}

/** The figures of a hospital-year a supplementary settlement moves (HospitalBudgetState's, by name). */
interface SettlementFigures {
  readonly approvedYuan: Decimal;
  readonly settlementPayableYuan: Decimal;
  readonly settlementCashYuan: Decimal;
  readonly deferredPayableYuan: Decimal;
}

/** Like a monthly settlement's parts: counts in approved (so in A), the cash cap and the deferred payable. */
export function evolveSupplementarySettlement<S extends SettlementFigures>(
  state: S,
  data: SupplementarySettlementPostedData,
): S {
  return {
    ...state,
    approvedYuan: state.approvedYuan.plus(data.primaryYuan),
    settlementPayableYuan: state.settlementPayableYuan.plus(data.payableYuan),
    settlementCashYuan: state.settlementCashYuan.plus(data.netPaymentYuan),
    deferredPayableYuan: state.deferredPayableYuan.plus(data.deferredYuan),
  };
}

interface PenaltyFigures {
  readonly liquidatedDamagesYuan: Decimal;
  readonly finesYuan: Decimal;
  readonly receivables: readonly { readonly receivableId: string; readonly outstandingYuan: Decimal; readonly originalYuan: Decimal }[];
}

/**
 * The penalty no longer counts: damages leave the year's income and their receivable leaves the state (it
 * was open in full: the decider refuses a cancellation once any of it was recovered); a fine leaves the
 * treasury memorandum (its id stays taken: fines are never re-imposed under a cancelled id).
 */
export function evolvePenaltyCancelled<S extends PenaltyFigures>(state: S, data: PenaltyCancelledOnAppealData): S {
  if (data.penaltyKind === 'fine') return { ...state, finesYuan: state.finesYuan.minus(data.amountYuan) };
  const receivable = state.receivables.find((r) => r.receivableId === data.penaltyId);
  invariant(
    receivable !== undefined && receivable.outstandingYuan.equals(receivable.originalYuan),
    `cancelled damages ${data.penaltyId} are not open in full`,
  );
  return {
    ...state,
    liquidatedDamagesYuan: state.liquidatedDamagesYuan.minus(data.amountYuan),
    receivables: state.receivables.filter((r) => r !== receivable),
  };
}

/** date + n calendar days (WE-16: 2025-04-10 + 5 → 2025-04-15), through month and year ends. */
export function addCalendarDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
