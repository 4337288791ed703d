import { ApiProperty } from '@nestjs/swagger';
import type { ObjectionDecision, PenaltyKind } from './hospital-budget.due-process.events';

/**
 * The OpenAPI shapes of the due-process part of the hospital-year view (GET /hospital-budgets/{fundId}/
 * {payeeId}/{year}, field dueProcess): rendered by hospital-budget.due-process.view.ts.
 */
export type AuditOpinionStatus = 'no_objection' | 'objection_pending' | 'objection_upheld' | 'objection_rejected';
const STATUSES: readonly AuditOpinionStatus[] = ['no_objection', 'objection_pending', 'objection_upheld', 'objection_rejected'];

export class AuditOpinionView {
  @ApiProperty({ example: 1 })
  month!: number;

  @ApiProperty({ example: '2025-02-10', description: 'The statement date: the objection window starts here.' })
  statementDate!: string;

  @ApiProperty({ example: '24000.00', description: "The month's refusals." })
  refusedYuan!: string;

  @ApiProperty({ example: 1 })
  refusalLines!: number;

  @ApiProperty({
    enum: STATUSES,
    description:
      "no_objection: none filed; once statementDate + the policy's objectionWindowDays (default 5, calendar days, the last included) has passed, the opinion is deemed accepted (R-PAY-4: silence is acceptance) and no objection is taken (422 OBJECTION_WINDOW_CLOSED).",
  })
  status!: AuditOpinionStatus;
}

export class ObjectedLineView {
  @ApiProperty({ example: 0, description: "The line's index in the settlement's refusals." })
  line!: number;

  @ApiProperty({ example: 'R-ENF-7' })
  ruleId!: string;

  @ApiProperty({ example: 'ZY-2025-000123', nullable: true, type: String })
  caseRef!: string | null;

  @ApiProperty({ example: '24000.00' })
  refusedYuan!: string;
}

export class OverturnedLineView extends ObjectedLineView {
  @ApiProperty({ example: '8000.00' })
  overturnedYuan!: string;
}

export class ObjectionView {
  @ApiProperty({ example: 'OBJ-2025-01' })
  objectionId!: string;

  @ApiProperty({ example: 1 })
  month!: number;

  @ApiProperty({ example: '2025-02-14' })
  filedOn!: string;

  @ApiProperty({ example: '2025-02-15', description: 'The last day the window accepted an objection.' })
  deadline!: string;

  @ApiProperty({ type: [ObjectedLineView] })
  lines!: ObjectedLineView[];

  @ApiProperty({ example: '24000.00' })
  contestedYuan!: string;

  @ApiProperty({ enum: ['upheld', 'rejected'], nullable: true, description: 'null while the agency has not decided.' })
  decision!: ObjectionDecision | null;

  @ApiProperty({ example: '2025-02-25', nullable: true, type: String })
  decidedOn!: string | null;

  @ApiProperty({ type: [OverturnedLineView] })
  overturned!: OverturnedLineView[];

  @ApiProperty({ example: '8000.00', description: 'Paid by the supplementary settlement (补充结算), both funds of a co-funded month.' })
  supplementaryYuan!: string;
}

export class CancelledPenaltyView {
  @ApiProperty({ enum: ['liquidated_damages', 'fine'] })
  kind!: PenaltyKind;

  @ApiProperty({ example: 'FINE-2025-0001' })
  penaltyId!: string;

  @ApiProperty({ example: 'R-ENF-1' })
  ruleId!: string;

  @ApiProperty({ example: '200000.00' })
  amountYuan!: string;

  @ApiProperty({ example: '2025-05-20' })
  assessedOn!: string;

  @ApiProperty({ example: '2025-07-01' })
  cancelledOn!: string;

  @ApiProperty({ example: '泉政复决字〔2025〕11号' })
  decisionRef!: string;
}

export class DueProcessView {
  @ApiProperty({ type: [AuditOpinionView], description: 'One per settled month, by month.' })
  auditOpinions!: AuditOpinionView[];

  @ApiProperty({ type: [ObjectionView], description: 'By month.' })
  objections!: ObjectionView[];

  @ApiProperty({
    example: '8000.00',
    description: "Σ supplementary settlements; the stream fund's part is in settlements.approvedYuan and actualYuan.",
  })
  supplementarySettlementsYuan!: string;

  @ApiProperty({
    type: [CancelledPenaltyView],
    description: 'Penalties cancelled on appeal: no longer in penalties, receivables or the year end.',
  })
  cancelledPenalties!: CancelledPenaltyView[];
}

