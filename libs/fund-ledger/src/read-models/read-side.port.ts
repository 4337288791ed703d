import type { AsOf, ProjectionReader } from '@ledger/read-store';
import type { ReadQuery } from '@ledger/platform';

/**
 * Where one read answers from. Every read, live or past, resolves to a position of the log and reads the
 * versions valid there: a live read is pinned to the projection's checkpoint when it starts, so an answer
 * made of many rows is one consistent cut even while the engine applies the next page.
 */
export interface ReadPoint {
  /** 'live', or the caller's asOf as it was given (a position or an instant). */
  readonly asOf: string;
  /** The global position the answer reflects (the checkpoint, or the last event at or before asOf). */
  readonly position: string;
  /** What to pass to reader.asOf()/list({ asOf }) for every versioned table of the answer. */
  readonly at: AsOf;
  /**
   * Position reads: recordedAt of the last event at or before the position (null before the first), the
   * business date of the answer. Live and instant reads: null (their business date is today's, or the
   * instant's), so a live read costs no look-up in the log.
   */
  readonly lastRecordedAt: string | null;
}

/**
 * The read side as the query handlers see it (implemented over the ReadModelEngine by ReadSideService).
 * Query handlers depend on this abstract class only, so their tests can give it an engine of their own.
 */
export abstract class ReadSide {
  /** The reader of one durable projection, by its name (throws for an unknown name: a programming error). */
  abstract reader(projection: string): ProjectionReader;

  /**
   * Resolves a query's asOf/minPosition for one projection: live waits for minPosition (bounded by waitMs,
   * then PROJECTION_BEHIND) and pins the checkpoint; a past position or instant resolves to its cut.
   */
  abstract point(projection: string, query: ReadQuery): Promise<ReadPoint>;
}
