import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PROBLEM_RESPONSE } from '../http/problem-openapi';
import { StreamHistoryView, VerifyReportView } from './audit.response.dto';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE, verifyAll, verifyStream, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE } from '../store/event-store.module';

export class StreamHistoryQuery {
  @ApiPropertyOptional({ example: '0', description: 'Page start: the revision to read from (default: the first; with backwards, the last). Pass the previous page\'s nextFromRevision.' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'fromRevision must be a non-negative integer' })
  fromRevision?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: `Page size, 1..${MAX_PAGE_SIZE} (default 100).` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ enum: ['forwards', 'backwards'], description: 'Default forwards.' })
  @IsOptional()
  @IsIn(['forwards', 'backwards'])
  direction?: 'forwards' | 'backwards';
}

export interface AuditedEvent {
  id: string;
  stream: string;
  revision: string;
  position: string;
  type: string;
  recordedAt: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export function auditedEvent(event: RecordedEvent): AuditedEvent {
  return {
    id: event.id,
    stream: event.stream,
    revision: event.revision.toString(),
    position: event.position.toString(),
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    data: event.data,
    metadata: event.metadata,
  };
}

const DEFAULT_PAGE = 100;

/** Auditors' raw view: any stream's events with their metadata and hash links, and chain verification. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('streams/:stream/events')
  @ApiOperation({ summary: "Any stream's events with their metadata and hash links, a page at a time" })
  @ApiOkResponse({ type: StreamHistoryView })
  @ApiResponse(PROBLEM_RESPONSE(400, 'VALIDATION_FAILED: a malformed or unknown query parameter (limit above the page size).'))
  @ApiResponse(PROBLEM_RESPONSE(401, 'UNAUTHENTICATED'))
  @ApiResponse(PROBLEM_RESPONSE(429, 'RATE_LIMITED'))
  @ApiResponse(PROBLEM_RESPONSE(503, 'STORE_UNAVAILABLE: retry after Retry-After seconds.'))
  async history(@Param('stream') stream: string, @Query() query: StreamHistoryQuery) {
    const limit = query.limit ?? DEFAULT_PAGE;
    const events = await this.store.readStream(stream, {
      fromRevision: query.fromRevision === undefined ? undefined : BigInt(query.fromRevision),
      direction: query.direction ?? 'forwards',
      limit,
    });
    const last = events[events.length - 1];
    const next =
      events.length === limit && last
        ? (query.direction === 'backwards' ? last.revision - 1n : last.revision + 1n).toString()
        : null;
    return { stream, events: events.map(auditedEvent), nextFromRevision: next !== null && BigInt(next) >= 0n ? next : null };
  }

  /** Walks every stream's hash chain (or one stream's) and reports the first break. */
  @Get('verify')
  @ApiOperation({ summary: "Walk every stream's hash chain (or one stream's) and report the first break" })
  @ApiQuery({ name: 'stream', required: false, description: 'Only this stream.' })
  @ApiOkResponse({ type: VerifyReportView })
  @ApiResponse(PROBLEM_RESPONSE(401, 'UNAUTHENTICATED'))
  @ApiResponse(PROBLEM_RESPONSE(429, 'RATE_LIMITED'))
  @ApiResponse(PROBLEM_RESPONSE(503, 'STORE_UNAVAILABLE: retry after Retry-After seconds.'))
  async verify(@Query('stream') stream?: string) {
    return stream ? verifyStream(this.store, stream) : verifyAll(this.store);
  }
}
