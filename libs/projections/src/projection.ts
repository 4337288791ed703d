import type { JsonValue, RecordedEvent } from '@ledger/event-store';

/**
 * A read model as a deterministic fold of the global log. `apply` must depend only on the state and
 * the event (no clock, no I/O), ignore event types it does not know, and never throw for a valid
 * event: the same log always yields the same state, live, after a restart, or in an auditor's replay.
 *
 * The runner owns the state object, so `apply` may update it in place and return it (1M-event
 * replays cannot afford a copy per event); as-of queries fold into a fresh initialState().
 */
export interface Projection<State> {
  readonly name: string;
  /** Bump when apply() changes meaning: snapshots of another version are discarded and rebuilt. */
  readonly version: number;
  initialState(): State;
  apply(state: State, event: RecordedEvent): State;
  toJson(state: State): JsonValue;
  fromJson(json: JsonValue): State;
}

export interface ProjectionSnapshot {
  projection: string;
  version: number;
  /** Position of the last event the state includes (a string: bigint at the edges). */
  checkpoint: string;
  /** metadata.recordedAt of that event, for the lag in seconds. */
  checkpointRecordedAt: string | null;
  eventsApplied: number;
  state: JsonValue;
}

/** Where snapshots live. save() replaces the previous snapshot atomically (state and checkpoint together). */
export interface SnapshotStore {
  load(projection: string): Promise<ProjectionSnapshot | undefined>;
  save(snapshot: ProjectionSnapshot): Promise<void>;
  close(): Promise<void>;
}

export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, string>();
  async load(projection: string): Promise<ProjectionSnapshot | undefined> {
    const text = this.snapshots.get(projection);
    return text === undefined ? undefined : (JSON.parse(text) as ProjectionSnapshot);
  }
  async save(snapshot: ProjectionSnapshot): Promise<void> {
    this.snapshots.set(snapshot.projection, JSON.stringify(snapshot));
  }
  async close(): Promise<void> {}
}
