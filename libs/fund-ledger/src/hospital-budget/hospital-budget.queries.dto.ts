import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '@ledger/event-store';
import { IsPathYear, MAX_FUND_YEAR, MIN_FUND_YEAR } from '../application/request-rules';
import { ID_PATTERN } from '../registry/field-rules';
import type { ReceivableKind, YearEndBreakdownData, YearEndInputsData } from './hospital-budget.events';
import { DueProcessView } from './hospital-budget.due-process.dto';

/** Request shapes and OpenAPI views of the hospital-budget reads (GET /hospital-budgets/…). */

const POSITION = /^\d{1,19}$/;
const REVISION = /^\d{1,18}$/;

export class HospitalBudgetParams {
  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: 'H-001', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  payeeId!: string;

  @ApiProperty({ example: 2025, minimum: MIN_FUND_YEAR, maximum: MAX_FUND_YEAR })
  @IsPathYear()
  year!: number;
}

export class HospitalBudgetQuery {
  @ApiPropertyOptional({
    example: '1234',
    description: 'Fold only the events at or before this global position (the hospital-year as it stood then).',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'asOfPosition must be a global position (digits)' })
  asOfPosition?: string;
}

export class HospitalBudgetEventsQuery {
  @ApiPropertyOptional({ example: '0', description: 'First revision of the page (default 0).' })
  @IsOptional()
  @Matches(REVISION, { message: 'fromRevision must be a non-negative integer' })
  fromRevision?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Page size, default 100.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}

export class QuotaView {
  @ApiProperty({
    example: '36000000.00',
    nullable: true,
    type: String,
    description: 'QuotaSet amount; null before the quota is set.',
  })
  initialYuan!: string | null;

  @ApiProperty({ example: '0.00', description: 'Σ adjustments (signed), carry-in adjustments excluded.' })
  adjustmentsYuan!: string;

  @ApiProperty({ example: '410000.00', description: 'Credits carried in from earlier years.' })
  carriedInYuan!: string;

  @ApiProperty({ example: [2024], type: [Number] })
  carriedInFromYears!: number[];

  @ApiProperty({
    example: '36000000.00',
    nullable: true,
    type: String,
    description: 'Q = initial + adjustments + carried in.',
  })
  finalYuan!: string | null;

  @ApiProperty({
    example: '-2000000.00',
    nullable: true,
    type: String,
    description: 'Q − actual (A): negative = overrun so far.',
  })
  remainingYuan!: string | null;

  @ApiProperty({
    example: '0.00',
    nullable: true,
    type: String,
    description: 'Q − cash toward the year (prepaid gross + settlement payable), not below 0: the 超总控 room.',
  })
  cashRoomYuan!: string | null;
}

export class PrepaymentsView {
  @ApiProperty({ example: [1, 2, 3], type: [Number] })
  months!: number[];

  @ApiProperty({ example: '36000000.00' })
  grossYuan!: string;

  @ApiProperty({ example: '32400000.00' })
  netYuan!: string;

  @ApiProperty({ example: '3600000.00', description: 'Σ deposit withheld (质量保证金) from the prepayments over the year.' })
  withheldDepositYuan!: string;

  @ApiProperty({ example: '0.00', description: 'Deposit still held (cleared at year end).' })
  withheldHeldYuan!: string;

  @ApiProperty({ example: '0.00', description: 'Prepayments not yet offset by settlements.' })
  outstandingYuan!: string;
}

export class RuleAmountView {
  @ApiProperty({ example: 'R-ENF-7' })
  ruleId!: string;

  @ApiProperty({ example: '24000.00' })
  amountYuan!: string;
}

export class RuleRefusalView {
  @ApiProperty({ example: 'R-ENF-7' })
  ruleId!: string;

  @ApiProperty({ example: '24000.00' })
  refusedYuan!: string;
}

export class SettlementsView {
  @ApiProperty({ example: [1, 2, 3], type: [Number] })
  months!: number[];

  @ApiProperty({ example: '38000000.00' })
  claimedYuan!: string;

  @ApiProperty({ example: '0.00' })
  refusedYuan!: string;

  @ApiProperty({ type: [RuleRefusalView] })
  refusedByRule!: RuleRefusalView[];

  @ApiProperty({ example: '38000000.00', description: "This fund's approved part (co-funded parts excluded)." })
  approvedYuan!: string;

  @ApiProperty({ example: '0.00', description: 'Paid directly by co-funds (WE-12), outside this budget.' })
  coFundedYuan!: string;

  @ApiProperty({ example: '0.00', description: 'Payable now (cash + receivable offsets): counts toward the cash cap.' })
  payableYuan!: string;

  @ApiProperty({ example: '0.00', description: 'Σ net payments: settlement cash paid to the hospital (MonthlySettlementPosted.netPaymentYuan).' })
  netPaymentsYuan!: string;

  @ApiProperty({
    example: '2000000.00',
    description: 'Owed but held back by the cash cap, still open (cleared at year end).',
  })
  deferredPayableYuan!: string;
}

export class ServiceYearAmountView {
  @ApiProperty({ example: 2024 })
  serviceYear!: number;

  @ApiProperty({ example: '7200.00' })
  amountYuan!: string;
}

export class ClawbacksView {
  @ApiProperty({ example: '0.00', description: 'About this year: reduce the actual A.' })
  inYearYuan!: string;

  @ApiProperty({
    example: '7200.00',
    description: 'Late clawbacks assessed here about earlier, closed years (prior-year recoveries).',
  })
  priorYearsAssessedHereYuan!: string;

  @ApiProperty({ type: [ServiceYearAmountView], description: 'priorYearsAssessedHereYuan by the year each clawback concerns.' })
  lateByServiceYear!: ServiceYearAmountView[];
}

export class PenaltiesView {
  @ApiProperty({ example: '16000.00', description: 'Liquidated damages (违约金): fund income.' })
  liquidatedDamagesYuan!: string;

  @ApiProperty({ type: [RuleAmountView] })
  liquidatedDamagesByRule!: RuleAmountView[];

  @ApiProperty({
    example: '200000.00',
    description: 'Administrative fines (罚款): treasury memorandum, never fund income.',
  })
  finesToTreasuryYuan!: string;

  @ApiProperty({ type: [RuleAmountView] })
  finesByRule!: RuleAmountView[];
}

export class ReceivableView {
  @ApiProperty({ example: 'CB-2025-0001' })
  receivableId!: string;

  @ApiProperty({ enum: ['clawback', 'liquidated_damages', 'year_end_settlement'] })
  kind!: ReceivableKind;

  @ApiProperty({ example: 2025 })
  serviceYear!: number;

  @ApiProperty({ example: '7200.00' })
  originalYuan!: string;

  @ApiProperty({ example: '7200.00' })
  outstandingYuan!: string;

  @ApiProperty({ example: '2026-03-10' })
  openedOn!: string;
}

export class ReceivablesView {
  @ApiProperty({ example: '7200.00' })
  openYuan!: string;

  @ApiProperty({ type: [ReceivableView], description: 'Open receivables, oldest first.' })
  open!: ReceivableView[];

  @ApiProperty({ example: '0.00', description: 'Repaid by the hospital (RecoverReceivable).' })
  recoveredYuan!: string;
}

export class YearEndView {
  @ApiProperty({ example: '2026-01-20' })
  effectiveDate!: string;

  @ApiProperty({ example: 'default' })
  policyVersion!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'YearEndSettled.inputs as recorded.' })
  inputs!: YearEndInputsData;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'YearEndSettled.breakdown as recorded (E, D, final…).',
  })
  breakdown!: YearEndBreakdownData;

  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true })
  yearEndReceivable!: { receivableId: string; amountYuan: string } | null;

  @ApiProperty({
    example: '0.00',
    description:
      'The year-end payment held because the agreement was terminated for cause (breakdown.heldPaymentYuan) and not yet released (POST /year-end-settlements/held-payment-releases).',
  })
  heldPaymentOutstandingYuan!: string;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'When the held payment was released.' })
  heldPaymentReleasedOn!: string | null;
}

/**
 * One hospital-year folded from its stream. Amounts are yuan strings with two places; a figure that the
 * read model's view (…/projection) also shows has the same name there.
 */
export class HospitalBudgetView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: 'H-001' })
  payeeId!: string;

  @ApiProperty({ example: 2025 })
  year!: number;

  @ApiProperty({ example: 'budget-EMP-POOLED.H-001.2025' })
  stream!: string;

  @ApiProperty({ example: '27', description: 'Revision of the last event folded.' })
  revision!: string;

  @ApiProperty({ example: '1234', description: 'Global position of the last event folded.' })
  position!: string;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'The asOfPosition asked for, or null (live).',
  })
  asOfPosition!: string | null;

  @ApiProperty({ description: 'Settled at year end: nothing more may be posted to the year.' })
  closed!: boolean;

  @ApiProperty({ type: QuotaView })
  quota!: QuotaView;

  @ApiProperty({ type: PrepaymentsView })
  prepayments!: PrepaymentsView;

  @ApiProperty({ type: SettlementsView })
  settlements!: SettlementsView;

  @ApiProperty({ example: '38000000.00', description: 'A = approved − in-year clawbacks.' })
  actualYuan!: string;

  @ApiProperty({ type: ClawbacksView })
  clawbacks!: ClawbacksView;

  @ApiProperty({ type: PenaltiesView })
  penalties!: PenaltiesView;

  @ApiProperty({
    example: '37112000.00',
    description:
      'Cash paid to the hospital: prepaid net + settlement cash + year-end payment (a held year-end payment once released).',
  })
  netPaidYuan!: string;

  @ApiProperty({ type: ReceivablesView })
  receivables!: ReceivablesView;

  @ApiProperty({ example: '92.00', nullable: true, type: String })
  scorePoints!: string | null;

  @ApiProperty({ type: YearEndView, nullable: true })
  yearEnd!: YearEndView | null;

  @ApiProperty({ type: DueProcessView, description: 'Audit opinions, objections (异议), supplementary settlements and penalties cancelled on appeal.' })
  dueProcess!: DueProcessView;
}

export class BudgetEventView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'budget-EMP-POOLED.H-001.2025' })
  stream!: string;

  @ApiProperty({ example: '0' })
  revision!: string;

  @ApiProperty({ example: '1234' })
  position!: string;

  @ApiProperty({ example: 'QuotaSet' })
  type!: string;

  @ApiProperty({ example: '2026-01-05T02:00:00.000Z', description: 'When the store committed the event.' })
  recordedAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: unknown;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'actor, role, commandId, correlationId, causationId, effectiveDate, hash links…',
  })
  metadata!: Record<string, unknown>;
}

export class HospitalBudgetEventsView {
  @ApiProperty({ example: 'budget-EMP-POOLED.H-001.2025' })
  stream!: string;

  @ApiProperty({ type: [BudgetEventView] })
  events!: BudgetEventView[];

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'fromRevision of the next page, or null at the end.',
  })
  nextFromRevision!: string | null;
}
