import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Matches, Max, Min, ValidateNested } from 'class-validator';
import { HospitalYearRequest } from '../../hospital-budget/hospital-budget.request-base.dto';
import { PAYMENT_METHODS, type PaymentMethod } from '../../hospital-budget/method-settlement.events';
import { ID_PATTERN } from '../../registry/field-rules';
import { MAX_CASE_TYPES } from './assign-payment-methods.decider';

export class MethodAssignmentRequest {
  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn(PAYMENT_METHODS)
  method!: PaymentMethod;

  @ApiProperty({ example: ['inpatient'], type: [String], minItems: 1, maxItems: MAX_CASE_TYPES, description: 'The case types this method pays.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CASE_TYPES)
  @Matches(ID_PATTERN, { each: true })
  caseTypes!: string[];
}

export class AssignPaymentMethodsRequest extends HospitalYearRequest {
  @ApiProperty({ example: 1, minimum: 1, maximum: 12, description: 'The first month the methods apply to.' })
  @IsInt()
  @Min(1)
  @Max(12)
  fromMonth!: number;

  @ApiProperty({
    type: [MethodAssignmentRequest],
    maxItems: PAYMENT_METHODS.length,
    description: 'The unit-price methods beside the global budget; empty = global budget alone.',
  })
  @IsArray()
  @ArrayMaxSize(PAYMENT_METHODS.length)
  @ValidateNested({ each: true })
  @Type(() => MethodAssignmentRequest)
  methods!: MethodAssignmentRequest[];
}
