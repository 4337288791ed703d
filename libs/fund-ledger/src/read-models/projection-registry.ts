import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE, LEDGER_CONFIG, LedgerMetrics, Problems, parseAsOf, type LedgerConfig, type ReadQuery } from '@ledger/platform';
import {
  Projector,
  SqliteSnapshotStore,
  foldUpTo,
  type Projection,
  type ProjectionStatus,
  type SnapshotStore,
} from '@ledger/projections';
import { LIVE_PROJECTIONS } from './live-projections';


const DEFAULT_WAIT_MS = 2_000;

export interface ProjectedAnswer<State> {
  state: State;
  /** The global position the answer reflects. */
  position: string;
  asOf: string;
}

/**
 * Starts every projection when the app boots (each resumes from its snapshot) and stops them before
 * the store closes. Reads come from the live state, or from a fold up to `asOf`.
 */
@Injectable()
export class ProjectionRegistry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly snapshots: SnapshotStore;
  private readonly projectors = new Map<string, Projector<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
    metrics: LedgerMetrics,
  ) {
    metrics.addLagSource(async () =>
      (await this.statuses()).map((s) => ({
        projection: s.name,
        lagPositions: Number(s.lagPositions),
        lagSeconds: s.lagSeconds,
        restarts: s.restarts,
      })),
    );
    this.snapshots = new SqliteSnapshotStore(config.projectionsPath);
    for (const projection of LIVE_PROJECTIONS) {
      this.projectors.set(
        projection.name,
        new Projector(projection, store, this.snapshots, {
          onError: (error) => this.logger.error(`projection ${projection.name} failed; resubscribing: ${String(error)}`),
        }),
      );
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const projector of this.projectors.values()) await projector.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const projector of this.projectors.values()) await projector.stop();
    await this.snapshots.close();
  }

  /**
   * Rebuilds one projection from the first event while the current one keeps answering reads, then
   * swaps. The old projector is dropped without a final snapshot, so it cannot overwrite the new one's.
   */
  async rebuild(name: string, timeoutMs = 10 * 60_000): Promise<ProjectionStatus> {
    const current = this.projectors.get(name);
    if (!current) throw Problems.notFound('PROJECTION_NOT_FOUND', `no live projection named ${name}`, 'name');
    const fresh = new Projector(current.projection, this.store, this.snapshots, {
      restore: false,
      onError: (error) => this.logger.error(`rebuild of ${name} failed; resubscribing: ${String(error)}`),
    });
    await fresh.start();
    if (!(await fresh.caughtUp(timeoutMs))) {
      await fresh.crash();
      throw Problems.projectionBehind('head', fresh.current().checkpoint.toString());
    }
    this.projectors.set(name, fresh as Projector<unknown>);
    await current.crash();
    this.logger.log(`projection ${name} rebuilt from zero and swapped in`);
    return fresh.status();
  }

  statuses(): Promise<ProjectionStatus[]> {
    return Promise.all([...this.projectors.values()].map((p) => p.status()));
  }

  /** The projection's state live (after waiting for minPosition) or as of a past position or time. */
  async read<State>(projection: Projection<State>, query: ReadQuery): Promise<ProjectedAnswer<State>> {
    const asOf = parseAsOf(query.asOf);
    if (asOf.kind === 'live') {
      const projector = this.projector(projection);
      if (query.minPosition !== undefined) {
        const reached = await projector.waitFor(BigInt(query.minPosition), query.waitMs ?? DEFAULT_WAIT_MS);
        if (!reached) throw Problems.projectionBehind(query.minPosition, projector.current().checkpoint.toString());
      }
      const { state, checkpoint } = projector.current();
      return { state, position: checkpoint.toString(), asOf: 'live' };
    }
    const until = asOf.kind === 'position' ? asOf.position : undefined;
    const keep = asOf.kind === 'time' ? (event: RecordedEvent) => recordedAt(event) <= asOf.instant : undefined;
    const folded = await foldUpTo(filtered(projection, keep), this.store, until);
    return { state: folded.state, position: folded.checkpoint.toString(), asOf: asOf.kind === 'position' ? asOf.position.toString() : asOf.instant };
  }

  private projector<State>(projection: Projection<State>): Projector<State> {
    const projector = this.projectors.get(projection.name);
    if (!projector) throw new Error(`projection ${projection.name} is not live`);
    return projector as Projector<State>;
  }
}

function recordedAt(event: RecordedEvent): string {
  const value = event.metadata['recordedAt'];
  return typeof value === 'string' ? value : event.recordedAt.toISOString();
}

/** The same projection, skipping events recorded after an instant (as-of by time uses the domain clock). */
function filtered<State>(projection: Projection<State>, keep: ((event: RecordedEvent) => boolean) | undefined): Projection<State> {
  if (!keep) return projection;
  return { ...projection, apply: (state, event) => (keep(event) ? projection.apply(state, event) : state) };
}
