import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsUUID, Matches } from 'class-validator';
import { IsOmittable } from './validation';

/** Every command carries a client-chosen id (idempotency key) and may name its business date. */
export class CommandRequestDto {
  @ApiProperty({ format: 'uuid', description: 'Client-chosen id. A retry with the same id and body returns the first result; another body gets 409.' })
  @IsUUID()
  commandId!: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'Business date the command takes effect (default: today in the fund time zone).' })
  @IsOmittable()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveDate must be YYYY-MM-DD' })
  effectiveDate?: string;
}
