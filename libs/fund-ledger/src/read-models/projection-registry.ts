import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import { EVENT_STORE, LEDGER_CONFIG, LedgerMetrics, Problems, parseAsOf, type LedgerConfig, type ReadQuery } from '@ledger/platform';
import {
  Projector,
  ProjectorGroup,
  SqliteSnapshotStore,
  foldAsOf,
  type Projection,
  type ProjectionStatus,
  type SnapshotStore,
} from '@ledger/projections';
import { LIVE_PROJECTIONS, historyEveryEvents } from './live-projections';


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
  private readonly group: ProjectorGroup;

  /** The live projections' group: the graceful stop halts it and saves its final snapshots as steps of their own. */
  get projectorGroup(): ProjectorGroup {
    return this.group;
  }

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
    const projectors = LIVE_PROJECTIONS.map(
      (projection) => new Projector(projection, store, this.snapshots, { historyEveryEvents: historyEveryEvents(projection.name) }),
    );
    this.group = new ProjectorGroup(projectors, store, {
      onError: (error) => this.logger.error(`projections failed; resubscribing: ${String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.group.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.group.stop();
    await this.snapshots.close();
  }

  /**
   * Rebuilds one projection from the first event while the current one keeps answering reads, then
   * swaps. The old projector is dropped without a final snapshot, so it cannot overwrite the new one's.
   */
  async rebuild(name: string, timeoutMs = 10 * 60_000): Promise<ProjectionStatus> {
    const current = this.group.get(name);
    if (!current) throw Problems.notFound('PROJECTION_NOT_FOUND', `no live projection named ${name}`, 'name');
    const fresh = new Projector(current.projection, this.store, this.snapshots, {
      restore: false,
      historyEveryEvents: historyEveryEvents(name),
      onError: (error) => this.logger.error(`rebuild of ${name} failed; resubscribing: ${String(error)}`),
    });
    await fresh.start();
    if (!(await fresh.caughtUp(timeoutMs))) {
      await fresh.crash();
      throw Problems.projectionBehind('head', fresh.current().checkpoint.toString());
    }
    await this.group.replace(fresh);
    this.logger.log(`projection ${name} rebuilt from zero and swapped in`);
    return fresh.status();
  }

  statuses(): Promise<ProjectionStatus[]> {
    return Promise.all(this.group.all().map((p) => p.status()));
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
    const folded = await foldAsOf(projection, this.store, this.snapshots, asOf);
    return { state: folded.state, position: folded.checkpoint.toString(), asOf: asOf.kind === 'position' ? asOf.position.toString() : asOf.instant };
  }

  private projector<State>(projection: Projection<State>): Projector<State> {
    const projector = this.group.get(projection.name);
    if (!projector) throw new Error(`projection ${projection.name} is not live`);
    return projector as Projector<State>;
  }
}
