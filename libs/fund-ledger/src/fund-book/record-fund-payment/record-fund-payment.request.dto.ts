import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CommandRequestDto, IsOmittable, IsYuan } from '@ledger/platform';
import { IsCalendarDate, IsFundYear, IsPeriod } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';
import { OUT_OF_AREA_DIRECTIONS, PROCURED_GOODS, type OutOfAreaDirection, type ProcuredGoods } from '../fund-book.events';
import { MAX_COUNT } from './payment-details';

/** What every fund payment carries. Bodies are flat; the route names the category. */
export class FundPaymentRequest extends CommandRequestDto {
  @ApiProperty({ example: 'QZ-RES-POOL', pattern: ID_PATTERN.source, description: 'The paying fund.' })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiPropertyOptional({ example: 'PAY-2025-07-0001', pattern: ID_PATTERN.source, description: 'Booked once per fund; defaults to the commandId.' })
  @IsOmittable()
  @Matches(ID_PATTERN)
  paymentId?: string;

  @ApiProperty({ example: '2025-07', description: 'The month the payment concerns, YYYY-MM.' })
  @IsPeriod()
  period!: string;

  @ApiProperty({ example: 'BATCH-2025-07-01', pattern: ID_PATTERN.source, description: 'The upstream batch (结算/申报批次).' })
  @Matches(ID_PATTERN)
  batchRef!: string;

  @ApiPropertyOptional({ example: 812, minimum: 0, maximum: MAX_COUNT, description: 'Person-times (人次), where the source has them.' })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_COUNT)
  personTimes?: number;
}

/** A payment of a sent amount. */
export class AmountPaymentRequest extends FundPaymentRequest {
  @ApiProperty({ example: '1000.00', description: 'Yuan, positive, at most 2 places.' })
  @IsYuan()
  amountYuan!: string;
}

/** A payment of a sent amount to a registered payee. */
export class PayeePaymentRequest extends AmountPaymentRequest {
  @ApiProperty({ example: 'P-17', pattern: ID_PATTERN.source, description: 'A registered payee of the kind the category is paid to.' })
  @Matches(ID_PATTERN)
  payeeId!: string;
}

export class IndividualReimbursementRequest extends AmountPaymentRequest {
  @ApiProperty({ example: 'CLAIM-2025-000123', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  claimRef!: string;

  @ApiProperty({ example: '2025-06-20' })
  @IsCalendarDate()
  dischargeDate!: string;

  @ApiProperty({ example: '2025-07-10', description: 'Filed within 30 days after discharge (R-PAY-10), on or before the payment.' })
  @IsCalendarDate()
  filedDate!: string;
}

export class PersonalAccountSettlementRequest extends PayeePaymentRequest {}

export class MedicalAssistancePaymentRequest extends AmountPaymentRequest {
  @ApiProperty({ example: 240, minimum: 1, maximum: MAX_COUNT, description: 'Members paid onto their bank cards.' })
  @IsInt()
  @Min(1)
  @Max(MAX_COUNT)
  memberCount!: number;

  @ApiProperty({ example: 'APPR-2025-07', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  approvalRef!: string;

  @ApiProperty({ example: '2025-07-10', description: 'Paid on or after approval (R-PAY-17).' })
  @IsCalendarDate()
  approvedDate!: string;
}

/** The amount is computed: perCapitaYuan × insuredCount. */
export class CriticalIllnessPremiumRequest extends FundPaymentRequest {
  @ApiProperty({ example: 'INS-PICC', pattern: ID_PATTERN.source, description: 'A registered insurer.' })
  @Matches(ID_PATTERN)
  payeeId!: string;

  @ApiProperty({ example: 2025 })
  @IsFundYear()
  coverageYear!: number;

  @ApiProperty({ example: '65.50' })
  @IsYuan()
  perCapitaYuan!: string;

  @ApiProperty({ example: 752232, minimum: 1, maximum: MAX_COUNT })
  @IsInt()
  @Min(1)
  @Max(MAX_COUNT)
  insuredCount!: number;
}

export class SupplierSettlementRequest extends PayeePaymentRequest {
  @ApiProperty({ example: 'H-001', pattern: ID_PATTERN.source, description: 'The hospital or clinic the goods were bought for.' })
  @Matches(ID_PATTERN)
  forHospitalId!: string;

  @ApiProperty({ enum: PROCURED_GOODS })
  @IsIn(PROCURED_GOODS)
  goods!: ProcuredGoods;
}

export class OutOfAreaClearingRequest extends PayeePaymentRequest {
  @ApiProperty({
    enum: OUT_OF_AREA_DIRECTIONS,
    description: "owed_to_platform: our members' care elsewhere (expense, payable); owed_by_platform: other regions' care paid here (receivable).",
  })
  @IsIn(OUT_OF_AREA_DIRECTIONS)
  direction!: OutOfAreaDirection;
}

export class EarmarkedAdvanceRequest extends PayeePaymentRequest {
  @ApiProperty({ example: 'COVID-19', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  earmarkId!: string;

  @ApiProperty({ example: '确诊和疑似患者费用预付', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  purpose!: string;
}
