import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { CommandRequestDto } from '@ledger/platform';
import { ID_PATTERN } from './field-rules';

/**
 * What every change of an agreement's status names: the payee, the fund (a payee has one current
 * agreement per fund, so the pair names the agreement) and why. The change takes effect on the
 * command's effectiveDate.
 */
export class AgreementChangeRequest extends CommandRequestDto {
  @ApiProperty({ example: 'H-001', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  payeeId!: string;

  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: '2025年度考核发现分解住院，暂停结算3个月', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
