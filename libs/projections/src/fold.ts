import { MAX_PAGE_SIZE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import type { HistoryEntry, Projection, SnapshotStore } from './projection';
import { recordedAtOf } from './recorded-at';

export interface FoldOptions {
  pageSize?: number;
  onProgress?: (position: bigint) => void;
  filter?: { streamPrefix?: string; eventTypes?: readonly string[] };
}

/**
 * Folds several projections in ONE pass over the log up to a position (inclusive): each page is read
 * and parsed once and applied to every projection, so a full replay costs one scan, not one per view.
 */
export async function foldAllUpTo(
  projections: ReadonlyArray<Projection<unknown>>,
  store: EventStore,
  untilPosition: bigint | undefined,
  options: FoldOptions = {},
): Promise<{ states: unknown[]; checkpoint: bigint }> {
  const states = projections.map((p) => p.initialState());
  const checkpoint = await foldRange(store, { after: undefined, until: untilPosition }, options, (event) => {
    for (let i = 0; i < projections.length; i += 1) states[i] = projections[i]!.apply(states[i], event);
  });
  return { states, checkpoint: checkpoint ?? -1n };
}

/** Folds a projection over the log up to a position (inclusive): the as-of read of any projection. */
export async function foldUpTo<State>(
  projection: Projection<State>,
  store: EventStore,
  untilPosition: bigint | undefined,
  options: FoldOptions = {},
): Promise<{ state: State; checkpoint: bigint }> {
  const { states, checkpoint } = await foldAllUpTo([projection as Projection<unknown>], store, untilPosition, options);
  return { state: states[0] as State, checkpoint };
}

export type AsOfPoint = { kind: 'position'; position: bigint } | { kind: 'time'; instant: string };

/**
 * The state as of a past position or instant, starting from the nearest as-of snapshot instead of the
 * first event. By position: the last history snapshot at or before it, then the events up to it. By
 * time (events whose recordedAt is at or before the instant, in log order): the last snapshot whose
 * every event is early enough, then the rest of the log filtered, skipping whole intervals whose
 * earliest event is too late. Neither assumes clocks only move forward; both equal a fold from zero.
 * `checkpoint` is the position of the last event the answer includes.
 */
export async function foldAsOf<State>(
  projection: Projection<State>,
  store: EventStore,
  snapshots: SnapshotStore,
  point: AsOfPoint,
  options: Pick<FoldOptions, 'pageSize'> = {},
): Promise<{ state: State; checkpoint: bigint; fromSnapshot: bigint | null }> {
  const index = await snapshots.historyIndex(projection.name, projection.version);
  const start = point.kind === 'position' ? lastAtOrBefore(index, point.position) : lastEarlyEnough(index, point.instant);
  let state = projection.initialState();
  let checkpoint = -1n;
  if (start) {
    const snapshot = await snapshots.loadHistory(projection.name, projection.version, start.checkpoint);
    if (snapshot) {
      state = projection.fromJson(snapshot.state);
      checkpoint = start.checkpoint;
    }
  }
  const fromSnapshot = checkpoint >= 0n ? checkpoint : null;
  const apply = (event: RecordedEvent): void => {
    state = projection.apply(state, event);
    checkpoint = event.position;
  };
  if (point.kind === 'position') {
    await foldRange(store, { after: fromSnapshot ?? undefined, until: point.position }, options, apply);
    return { state, checkpoint, fromSnapshot };
  }
  const instant = point.instant;
  const applyIfEarly = (event: RecordedEvent): void => {
    if (recordedAtOf(event) <= instant) apply(event);
  };
  let after = fromSnapshot ?? undefined;
  for (let i = 0; i < index.length; i += 1) {
    const entry = index[i]!;
    if (after !== undefined && entry.checkpoint <= after) continue;
    // Every event of (after, entry] is later than the instant: none counts, so none is read. The entry's
    // interval began at its writer's previous history save, at or before its predecessor in the index.
    const intervalStart = i > 0 ? index[i - 1]!.checkpoint : undefined;
    if (entry.intervalMinRecordedAt > instant && intervalStart === after) {
      after = entry.checkpoint;
      continue;
    }
    await foldRange(store, { after, until: entry.checkpoint }, options, applyIfEarly);
    after = entry.checkpoint;
  }
  await foldRange(store, { after, until: undefined }, options, applyIfEarly);
  return { state, checkpoint, fromSnapshot };
}

function lastAtOrBefore(index: readonly HistoryEntry[], position: bigint): HistoryEntry | undefined {
  let found: HistoryEntry | undefined;
  for (const entry of index) if (entry.checkpoint <= position) found = entry;
  return found;
}

/** maxRecordedAt is a running max, so the early-enough entries are a prefix of the index. */
function lastEarlyEnough(index: readonly HistoryEntry[], instant: string): HistoryEntry | undefined {
  let found: HistoryEntry | undefined;
  for (const entry of index) if (entry.maxRecordedAt !== null && entry.maxRecordedAt <= instant) found = entry;
  return found;
}

/** Reads (after, until] page by page and hands each event over; returns the last position handed over. */
async function foldRange(
  store: EventStore,
  range: { after: bigint | undefined; until: bigint | undefined },
  options: FoldOptions,
  apply: (event: RecordedEvent) => void,
): Promise<bigint | undefined> {
  const limit = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  let after = range.after;
  let last: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit, filter: options.filter });
    for (const event of page) {
      if (range.until !== undefined && event.position > range.until) return last;
      apply(event);
      last = event.position;
    }
    const tail = page[page.length - 1];
    if (tail) {
      after = tail.position;
      options.onProgress?.(after);
    }
    if (page.length < limit) return last;
    if (range.until !== undefined && after !== undefined && after >= range.until) return last;
  }
}
