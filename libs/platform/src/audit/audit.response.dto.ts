import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One stored event as the auditors see it: data, metadata (actor, role, ids, times) and its hash link. */
export class AuditedEventView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'fund-EMP-POOLED' })
  stream!: string;

  @ApiProperty({ example: '0', description: 'Revision in the stream (a decimal string).' })
  revision!: string;

  @ApiProperty({ example: '1', description: 'Global position (a decimal string).' })
  position!: string;

  @ApiProperty({ example: 'FundRegistered' })
  type!: string;

  @ApiProperty({ example: '2026-01-05T02:00:00.000Z', description: 'When the store committed it.' })
  recordedAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data as stored.' })
  data!: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'actor, role, commandId, correlationId, causationId, requestId (the HTTP request that carried the command), recordedAt, effectiveDate, bodyHash, schemaVersion, prevHash, hash.',
  })
  metadata!: Record<string, unknown>;
}

export class StreamHistoryView {
  @ApiProperty({ example: 'fund-EMP-POOLED' })
  stream!: string;

  @ApiProperty({ type: [AuditedEventView] })
  events!: AuditedEventView[];

  @ApiProperty({ type: String, nullable: true, example: '100', description: 'Pass as fromRevision for the next page; null on the last.' })
  nextFromRevision!: string | null;
}

export class ChainBreakView {
  @ApiProperty({ example: 'fund-EMP-POOLED' })
  stream!: string;

  @ApiProperty({ example: '3' })
  revision!: string;

  @ApiProperty({ example: '17' })
  position!: string;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ enum: ['hash_mismatch', 'prev_hash_mismatch', 'revision_gap', 'missing_link'] })
  cause!: string;

  @ApiProperty({ example: 'stored hash differs from the recomputed one' })
  detail!: string;
}

export class VerifyReportView {
  @ApiProperty({ description: 'True when every hash link holds.' })
  ok!: boolean;

  @ApiProperty({ type: 'integer', example: 120 })
  eventsChecked!: number;

  @ApiProperty({ type: 'integer', example: 12 })
  streamsChecked!: number;

  @ApiPropertyOptional({ type: ChainBreakView, description: 'The first broken link (global-log order; revision order for one stream).' })
  firstBreak?: ChainBreakView;
}
