import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE } from '@ledger/platform';
import type { ProjectionStatus } from '@ledger/projections';
import { DURABLE_PROJECTIONS, publicName } from './durable/durable-projections';
import { ReadSideService } from './read-side.service';

/** A projection's progress as readiness and GET /projections report it (the durable ones add rate and ETA). */
export interface ProjectionProgressView extends ProjectionStatus {
  readonly rateEventsPerSecond?: number;
  readonly etaSeconds?: number | null;
  readonly rebuilding?: { readonly generation: number; readonly position: string } | null;
}

/**
 * Every read model's status in one list, O(projections): the engine's progress() figures. Readiness takes
 * them as they are (no I/O; the head is the one the engine read at its last turn, at most a poll old);
 * GET /projections asks the store for its head too (freshHead), so a client that reads the head there and
 * then asks "as of that head" never gets a head older than the events it already saw applied.
 */
@Injectable()
export class ProjectionStatuses {
  constructor(
    private readonly readSide: ReadSideService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  async all(options: { freshHead?: boolean } = {}): Promise<ProjectionProgressView[]> {
    const engine = this.readSide.progress();
    const storeHead = options.freshHead ? await this.events.headPosition() : -1n;
    const progress = { ...engine, head: storeHead > engine.head ? storeHead : engine.head };
    const durable = DURABLE_PROJECTIONS.map((projection): ProjectionProgressView => {
      const p = progress.projections.find((x) => x.name === projection.name);
      const position = p?.position ?? -1n;
      const lag = progress.head > position ? progress.head - position : 0n;
      return {
        name: publicName(projection.name),
        version: projection.version,
        checkpoint: position.toString(),
        eventsApplied: Number(position < 0n ? 0n : position),
        head: progress.head.toString(),
        lagPositions: (p ? lag : progress.head + 1n).toString(),
        lagSeconds: 0,
        restarts: p?.failing ? 1 : 0,
        running: progress.role !== 'stopped',
        rateEventsPerSecond: Math.round(progress.rateEventsPerSecond),
        etaSeconds: lag === 0n ? 0 : progress.etaSeconds === null ? null : Math.ceil(progress.etaSeconds),
        rebuilding: p?.rebuilding ? { generation: p.rebuilding.generation, position: p.rebuilding.position.toString() } : null,
      };
    });
    return durable;
  }
}
