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
  /**
   * Latest metadata.recordedAt among all events the state includes (a running max; null before the
   * first). Lets an as-of-time read start from a snapshot only when every event in it is early enough.
   */
  maxRecordedAt: string | null;
  /** Earliest recordedAt since the last history snapshot (null: none yet). Carried so a restart keeps it. */
  intervalMinRecordedAt: string | null;
}

/**
 * An as-of snapshot: the state exactly at `checkpoint`, kept for good (the fold is deterministic, so it
 * never goes stale for its projection version). As-of reads start from the nearest one instead of zero.
 */
export interface HistoryEntry {
  checkpoint: bigint;
  maxRecordedAt: string | null;
  /**
   * Earliest recordedAt among the events after the previous history snapshot up to this one. If it is
   * later than an as-of instant, none of those events counts and a time read skips the whole interval.
   */
  intervalMinRecordedAt: string;
}

/** At most this many history entries are listed per projection version (50k events apart: 500M events). */
export const MAX_HISTORY_ENTRIES = 10_000;

/**
 * Where snapshots live. save() replaces the live snapshot atomically (state and checkpoint together);
 * saveHistory() adds an as-of snapshot (replacing an identical one written by an earlier run).
 */
export interface SnapshotStore {
  load(projection: string): Promise<ProjectionSnapshot | undefined>;
  save(snapshot: ProjectionSnapshot): Promise<void>;
  saveHistory(entry: HistoryEntry, snapshot: ProjectionSnapshot): Promise<void>;
  /** The as-of snapshots of one projection version, ascending by checkpoint, without their states. */
  historyIndex(projection: string, version: number): Promise<HistoryEntry[]>;
  loadHistory(projection: string, version: number, checkpoint: bigint): Promise<ProjectionSnapshot | undefined>;
  close(): Promise<void>;
}

export class InMemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, string>();
  private readonly history = new Map<string, Map<bigint, { entry: HistoryEntry; text: string }>>();

  async load(projection: string): Promise<ProjectionSnapshot | undefined> {
    const text = this.snapshots.get(projection);
    return text === undefined ? undefined : (JSON.parse(text) as ProjectionSnapshot);
  }
  async save(snapshot: ProjectionSnapshot): Promise<void> {
    this.snapshots.set(snapshot.projection, JSON.stringify(snapshot));
  }
  async saveHistory(entry: HistoryEntry, snapshot: ProjectionSnapshot): Promise<void> {
    const key = `${snapshot.projection}@${snapshot.version}`;
    const entries = this.history.get(key) ?? new Map<bigint, { entry: HistoryEntry; text: string }>();
    entries.set(entry.checkpoint, { entry: { ...entry }, text: JSON.stringify(snapshot) });
    this.history.set(key, entries);
  }
  async historyIndex(projection: string, version: number): Promise<HistoryEntry[]> {
    const entries = [...(this.history.get(`${projection}@${version}`)?.values() ?? [])].map((e) => e.entry);
    return entries.sort((a, b) => (a.checkpoint < b.checkpoint ? -1 : 1)).slice(0, MAX_HISTORY_ENTRIES);
  }
  async loadHistory(projection: string, version: number, checkpoint: bigint): Promise<ProjectionSnapshot | undefined> {
    const text = this.history.get(`${projection}@${version}`)?.get(checkpoint)?.text;
    return text === undefined ? undefined : (JSON.parse(text) as ProjectionSnapshot);
  }
  async close(): Promise<void> {}
}
