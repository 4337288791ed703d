import { ApiProperty } from '@nestjs/swagger';
import { IntegerField, ReadPointView, YuanField } from '../application/read-views';

/** Response shapes of the journal and projection endpoints (journal.controller.ts), for /docs. */
export class FundTrialBalanceView {
  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @YuanField('Σ debits.')
  debitsYuan!: string;

  @YuanField('Σ credits.')
  creditsYuan!: string;

  @YuanField('Debits − credits: always 0.00.')
  balanceYuan!: string;
}

export class TrialBalanceTotalView {
  @YuanField()
  debitsYuan!: string;

  @YuanField()
  creditsYuan!: string;

  @YuanField('Always 0.00; anything else turns /health red.')
  balanceYuan!: string;
}

export class TrialBalanceView extends ReadPointView {
  @IntegerField('Journal entries folded.', 12)
  entries!: number;

  @ApiProperty({ type: [FundTrialBalanceView] })
  byFund!: FundTrialBalanceView[];

  @ApiProperty({ type: TrialBalanceTotalView })
  total!: TrialBalanceTotalView;

  @ApiProperty({ description: 'True when every balance is zero.' })
  ok!: boolean;
}

export class AccountBalanceView {
  @ApiProperty({ example: 'EMP-POOLED:hospital:H-001:prepaid' })
  account!: string;

  @ApiProperty({ example: 'EMP-POOLED' })
  fundId!: string;

  @YuanField()
  debitYuan!: string;

  @YuanField()
  creditYuan!: string;

  @YuanField('Debit − credit.')
  balanceYuan!: string;

  @ApiProperty({ example: 'Prepaid to hospitals' })
  name!: string;

  @ApiProperty({ example: '预付医疗机构款' })
  nameZh!: string;
}

export class AccountsView extends ReadPointView {
  @ApiProperty({ type: [AccountBalanceView] })
  accounts!: AccountBalanceView[];
}

export class ProjectionStatusView {
  @ApiProperty({ example: 'journal' })
  name!: string;

  @IntegerField('Projection code version (a change rebuilds it).', 1)
  version!: number;

  @ApiProperty({ example: '1234', description: 'Last global position applied.' })
  checkpoint!: string;

  @IntegerField(undefined, 1234)
  eventsApplied!: number;

  @ApiProperty({ example: '1234', description: "The store's head position." })
  head!: string;

  @ApiProperty({ example: '0', description: 'head − checkpoint.' })
  lagPositions!: string;

  @ApiProperty({ example: 0, description: 'How far behind, in seconds of recorded time.' })
  lagSeconds!: number;

  @IntegerField(undefined, 0)
  restarts!: number;

  @ApiProperty()
  running!: boolean;
}

export class ProjectionsView {
  @ApiProperty({ type: [ProjectionStatusView] })
  projections!: ProjectionStatusView[];
}
