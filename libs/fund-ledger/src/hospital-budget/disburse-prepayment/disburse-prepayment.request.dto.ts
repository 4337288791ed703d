import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsYuan } from '@ledger/platform';
import { HospitalYearRequest } from '../hospital-budget.request-base.dto';

export class DisbursePrepaymentRequest extends HospitalYearRequest {
  @ApiProperty({ example: 1, minimum: 1, maximum: 12, description: 'The month advanced; one prepayment per month.' })
  @IsInt()
  @Min(1)
  @Max(12)
  month!: number;

  @ApiProperty({
    example: '3000000.00',
    description: "Gross advance, yuan; the policy's deposit rate is withheld from it.",
  })
  @IsYuan()
  grossYuan!: string;
}
