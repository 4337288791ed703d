import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandRequestDto, IsOmittable, IsYuan } from '@ledger/platform';
import { IsPeriod } from '../../application/request-rules';
import { ID_PATTERN } from '../../registry/field-rules';

/** Settles (part of) an open item of a fund book; the route names the action. */
export class SettleOpenItemRequest extends CommandRequestDto {
  @ApiProperty({ example: 'QZ-RES-POOL', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiPropertyOptional({ example: 'SET-2025-08-0001', pattern: ID_PATTERN.source, description: 'Booked once per fund; defaults to the commandId.' })
  @IsOmittable()
  @Matches(ID_PATTERN)
  settlementId?: string;

  @ApiProperty({ example: 'PAY-2025-07-0001', pattern: ID_PATTERN.source, description: 'The paymentId that opened the item.' })
  @Matches(ID_PATTERN)
  itemId!: string;

  @ApiProperty({ example: '26000.00', description: 'Yuan, at most what is outstanding.' })
  @IsYuan()
  amountYuan!: string;

  @ApiProperty({ example: 'BANK-SLIP-2025-08-17', pattern: ID_PATTERN.source, description: 'Bank slip, clearing statement or settlement.' })
  @Matches(ID_PATTERN)
  reference!: string;

  @ApiPropertyOptional({ example: '2025-07', description: "Conversions: the month the spending concerns; offsets: the hospital settlement's month. Not for repayments and clearings." })
  @IsOmittable()
  @IsPeriod()
  period?: string;
}
