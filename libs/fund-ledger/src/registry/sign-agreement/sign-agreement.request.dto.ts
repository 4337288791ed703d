import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandRequestDto } from '@ledger/platform';
import { IsCalendarDate } from '../../application/request-rules';
import { ID_PATTERN } from '../field-rules';

export class SignAgreementRequest extends CommandRequestDto {
  @ApiProperty({ example: 'H-001', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  payeeId!: string;

  @ApiProperty({ example: 'AGR-H-001-2026', pattern: ID_PATTERN.source, description: 'Never reused on this payee.' })
  @Matches(ID_PATTERN)
  agreementId!: string;

  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source, description: 'A registered fund.' })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: '2026-01-01', description: 'First day covered.' })
  @IsCalendarDate()
  validFrom!: string;

  @ApiProperty({ example: '2026-12-31', description: 'Last day covered; settlement stays possible for 2 months after it.' })
  @IsCalendarDate()
  validTo!: string;
}
