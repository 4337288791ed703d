import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { HospitalYearRequest } from '../../hospital-budget/hospital-budget.request-base.dto';

export class ClearPerCaseQuarterRequest extends HospitalYearRequest {
  @ApiProperty({ example: 1, minimum: 1, maximum: 4, description: 'The quarter cleared, once its per-case months are pre-settled.' })
  @IsInt()
  @Min(1)
  @Max(4)
  quarter!: number;
}
