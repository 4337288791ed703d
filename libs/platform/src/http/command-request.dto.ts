import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsUUID, Matches } from 'class-validator';
import { IsOmittable } from './validation';

/** Every command carries a client-chosen id (idempotency key) and may name its business date. */
export class CommandRequestDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Client-chosen idempotency key: send a new UUID for every new command. A retry with the same id and body returns the first result (replayed: true) and appends nothing; the same id with another body gets 409 IDEMPOTENCY_KEY_REUSED.',
  })
  @IsUUID()
  commandId!: string;

  @ApiPropertyOptional({
    example: '2026-03-31',
    description:
      'Business date the command takes effect, YYYY-MM-DD. Default: today in LEDGER_TIMEZONE (Asia/Shanghai), so a January settlement entered in February needs effectiveDate in January.',
  })
  @IsOmittable()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDate must be YYYY-MM-DD' })
  effectiveDate?: string;
}
