import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE, parseAsOf, type ReadQuery } from '@ledger/platform';
import { InMemorySnapshotStore, foldAsOf, foldUpTo, type Projection } from '@ledger/projections';
import { ReadSide } from './read-side.port';

export interface ProjectedAnswer<State> {
  state: State;
  /** The global position the answer reflects. */
  position: string;
  asOf: string;
}

/**
 * The reference fold: a projection's whole state folded from the log itself, up to a point, by the pure
 * in-memory projection (libs/projections' fold helpers, no snapshots). No endpoint reads it: the query
 * handlers read the durable read models (ReadSide). It is what tests and audits compare those with, a
 * fold independent of the read store, and it costs a scan of the log per call, so it is never on a
 * request path. (The live in-memory projectors, their snapshot file and their registry are gone: issue 12.)
 */
@Injectable()
export class ProjectionRegistry {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readSide: ReadSide,
  ) {}

  /**
   * The projection's state as of the query's point (live: the whole log as it is now). minPosition waits
   * for the durable read model to include it, as every read does, so a comparison made after it sees the
   * read model and the reference at the same log.
   */
  async read<State>(projection: Projection<State>, query: ReadQuery): Promise<ProjectedAnswer<State>> {
    if (query.minPosition !== undefined) await this.readSide.point(projection.name, { minPosition: query.minPosition, waitMs: query.waitMs });
    const asOf = parseAsOf(query.asOf);
    if (asOf.kind === 'live') {
      const folded = await foldUpTo(projection, this.store, undefined);
      return { state: folded.state, position: folded.checkpoint.toString(), asOf: 'live' };
    }
    const folded = await foldAsOf(projection, this.store, new InMemorySnapshotStore(), asOf);
    return {
      state: folded.state,
      position: folded.checkpoint.toString(),
      asOf: asOf.kind === 'position' ? asOf.position.toString() : asOf.instant,
    };
  }
}
