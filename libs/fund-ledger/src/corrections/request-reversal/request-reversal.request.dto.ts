import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ReasonedReversalRequest } from '../reversal.request-base.dto';

/**
 * The event is named by its id, and found at the stream and revision given (the store has no lookup by
 * event id): `stream` and `revision` of the command result that recorded it.
 */
export class RequestReversalRequest extends ReasonedReversalRequest {
  @ApiProperty({
    example: 'budget-EMP-POOLED.H-001.2025',
    description: 'The stream holding the event: budget-…, contributions-… or fundbook-….',
    maxLength: 300,
  })
  @IsString()
  @Length(1, 300)
  @Matches(/^(budget|contributions|fundbook)-[^\s]+$/, {
    message: 'stream must be a hospital-budget (budget-…), contributions (contributions-…) or fund-book (fundbook-…) stream',
  })
  stream!: string;

  @ApiProperty({ example: '2', description: 'The revision of the event in that stream (a decimal string).' })
  @Matches(/^(0|[1-9]\d{0,18})$/, { message: 'revision must be a decimal string' })
  revision!: string;
}
