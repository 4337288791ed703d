import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID_PATTERN } from './field-rules';
import { FUND_KINDS, PAYEE_LEVELS, PAYEE_TYPES, type AgreementStatus, type FundKind, type PayeeLevel, type PayeeType } from './registry.events';

const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['active', 'suspended', 'terminated'];

export class FundParams {
  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;
}

export class PayeeParams {
  @ApiProperty({ example: 'H-001', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  payeeId!: string;
}

export class FundView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ example: '职工基本医疗保险统筹基金' })
  name!: string;

  @ApiProperty({ enum: FUND_KINDS })
  kind!: FundKind;

  @ApiProperty({ example: '泉州市' })
  poolingRegion!: string;
}

export class AgreementView {
  @ApiProperty({ example: 'AGR-H-001-2026' })
  agreementId!: string;

  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @ApiProperty({ enum: AGREEMENT_STATUSES })
  status!: AgreementStatus;

  @ApiProperty({ example: '2026-01-01' })
  validFrom!: string;

  @ApiProperty({ example: '2026-12-31' })
  validTo!: string;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'Planned end of a suspension, informational.' })
  suspendedUntil!: string | null;

  @ApiProperty({ example: '2027-02-28', description: 'validTo + 2 months: the last day settlement is allowed if the agreement stays active.' })
  lastPayableDate!: string;
}

export class PayeeView {
  @ApiProperty({ example: 'H-001' })
  payeeId!: string;

  @ApiProperty({ example: '泉州市第一医院' })
  name!: string;

  @ApiProperty({ enum: PAYEE_TYPES })
  type!: PayeeType;

  @ApiProperty({ enum: PAYEE_LEVELS })
  level!: PayeeLevel;

  @ApiProperty({ example: 'general' })
  class!: string;

  @ApiProperty({ example: '鲤城区' })
  region!: string;

  @ApiProperty({ type: [AgreementView], description: 'The current agreement per fund.' })
  agreements!: AgreementView[];
}
