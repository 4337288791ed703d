import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { CommandRequestDto } from '@ledger/platform';
import { MAX_REASON_LENGTH } from './request-reversal/request-reversal.decider';

/** Every corrections command names the event (its id is the request stream's key: reversal-{eventId}). */
export class ReversalEventRequest extends CommandRequestDto {
  @ApiProperty({
    format: 'uuid',
    example: '3f1b6a2c-8d4e-5f60-9a1b-2c3d4e5f6a7b',
    description: 'The id of the event reversed (`events[].id` of the command that recorded it).',
  })
  @IsUUID()
  eventId!: string;
}

/** A reversal's or rejection's reason: required, at most 500 characters. */
export class ReasonedReversalRequest extends ReversalEventRequest {
  @ApiProperty({ example: '录入错误：1月结算申报金额应为3,000,000.00元', maxLength: MAX_REASON_LENGTH })
  @IsString()
  @Length(1, MAX_REASON_LENGTH)
  reason!: string;
}
