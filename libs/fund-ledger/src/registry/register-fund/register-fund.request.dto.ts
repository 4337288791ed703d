import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CommandRequestDto } from '@ledger/platform';
import { FUND_KINDS, type FundKind } from '../registry.events';
import { ID_PATTERN } from '../field-rules';

export class RegisterFundRequest extends CommandRequestDto {
  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: '职工基本医疗保险统筹基金' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: FUND_KINDS })
  @IsIn(FUND_KINDS)
  kind!: FundKind;

  @ApiProperty({ example: '泉州市' })
  @IsString()
  @Length(1, 100)
  poolingRegion!: string;
}
