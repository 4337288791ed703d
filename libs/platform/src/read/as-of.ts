import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Problems } from '../http/problem';

const POSITION = /^\d{1,19}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Query parameters every read endpoint accepts. */
export class ReadQuery {
  @ApiPropertyOptional({
    description: 'Answer as the figures stood at this point: a global position ("12345") or a date-time ("2026-06-30T23:59:59+08:00"; a bare date means the end of that day in UTC+8).',
  })
  @IsOptional()
  @Matches(new RegExp(`${POSITION.source}|${INSTANT.source}`), { message: 'asOf must be a global position or an ISO date-time' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'Read your writes: wait (bounded by waitMs) until the projections include this position.' })
  @IsOptional()
  @Matches(POSITION, { message: 'minPosition must be a global position' })
  minPosition?: string;

  @ApiPropertyOptional({ description: 'How long to wait for minPosition, at most 10000 ms (default 2000).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  waitMs?: number;
}

export type AsOf = { kind: 'live' } | { kind: 'position'; position: bigint } | { kind: 'time'; instant: string };

export function parseAsOf(value: string | undefined): AsOf {
  if (value === undefined) return { kind: 'live' };
  if (POSITION.test(value)) return { kind: 'position', position: BigInt(value) };
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999+08:00` : value;
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw Problems.validation([{ field: 'asOf', message: 'asOf is not a valid date-time' }]);
  return { kind: 'time', instant: new Date(millis).toISOString() };
}
