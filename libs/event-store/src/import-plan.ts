import {
  GENESIS_HASH,
  MAX_EVENTS_PER_IMPORT,
  type ChainLink,
  type ImportEvent,
  type JsonObject,
} from './event-store.port';
import { EventImportRefusedError, EventStoreArgumentError } from './errors';
import { chainEvents } from './hash-chain';
import { assertStorableText, eventBytes, MAX_STREAM_NAME_LENGTH } from './append-validation';

/**
 * The decisions of importRecorded, shared by the SQL adapters and pure: given the store's last position
 * and the heads of the imported streams, either the rows to insert (each event at its recorded position
 * and time, re-chained by the store exactly as an append would chain it) or the first event refused.
 */

/** Largest position a SQL store can hold (int8 / SQLite INTEGER). */
const MAX_POSITION = 2n ** 63n - 1n;

export interface ImportHead {
  revision: bigint;
  hash: string;
}

export interface ImportRow {
  position: bigint;
  stream: string;
  revision: bigint;
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject & ChainLink;
  recordedAt: Date;
}

export interface ImportPlan {
  rows: ImportRow[];
  /** Each imported stream's new head (one entry per stream). */
  heads: Map<string, ImportHead>;
  lastPosition: bigint;
}

/** The port's limits, checked before the store is touched (as validateAppend does for appends). */
export function validateImport(events: readonly ImportEvent[]): void {
  if (!Array.isArray(events) || events.length === 0) throw new EventStoreArgumentError('import needs at least one event');
  if (events.length > MAX_EVENTS_PER_IMPORT) {
    throw new EventStoreArgumentError(`import takes at most ${MAX_EVENTS_PER_IMPORT} events, got ${events.length}`);
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.stream !== 'string' || event.stream.length > MAX_STREAM_NAME_LENGTH) {
      throw new EventStoreArgumentError(`stream name must be 1..${MAX_STREAM_NAME_LENGTH} characters`);
    }
    assertStorableText(event.stream, 'stream name');
    assertStorableText(event.id, 'event id');
    assertStorableText(event.type, 'event type');
    if (typeof event.position !== 'bigint' || typeof event.revision !== 'bigint') {
      throw new EventStoreArgumentError(`event ${event.id}: position and revision must be bigints`);
    }
    if (!(event.recordedAt instanceof Date) || Number.isNaN(event.recordedAt.getTime())) {
      throw new EventStoreArgumentError(`event ${event.id}: recordedAt must be a valid Date`);
    }
    if (ids.has(event.id)) throw new EventStoreArgumentError(`event id ${event.id} appears twice in one import`);
    ids.add(event.id);
    eventBytes(event);
  }
}

/**
 * Checks, in order: every position is above the previous one (the store's head first), and every
 * revision continues its stream (head + 1, 0 for a new stream). The first event that fails refuses the
 * whole call with EventImportRefusedError; nothing is imported.
 */
export function planImport(
  events: readonly ImportEvent[],
  headPosition: bigint,
  storedHeads: ReadonlyMap<string, ImportHead>,
): ImportPlan {
  const heads = new Map<string, ImportHead>();
  const rows: ImportRow[] = [];
  let previous = headPosition;
  for (const event of events) {
    const at = { stream: event.stream, revision: event.revision, position: event.position, eventId: event.id };
    if (event.position <= previous || event.position > MAX_POSITION) {
      throw new EventImportRefusedError(
        'position_not_increasing',
        at,
        `position ${event.position} does not follow position ${previous}${previous === headPosition ? " (the store's last)" : ''}: positions must strictly increase`,
      );
    }
    const head = heads.get(event.stream) ?? storedHeads.get(event.stream);
    const nextRevision = (head?.revision ?? -1n) + 1n;
    if (event.revision !== nextRevision) {
      throw new EventImportRefusedError(
        'revision_gap',
        at,
        `stream ${event.stream}: revision ${event.revision} where revision ${nextRevision} was expected`,
      );
    }
    const [chained] = chainEvents(event.stream, event.revision, head?.hash ?? GENESIS_HASH, [event]);
    rows.push({ ...chained!, stream: event.stream, revision: event.revision, position: event.position, recordedAt: event.recordedAt });
    heads.set(event.stream, { revision: event.revision, hash: chained!.metadata.hash });
    previous = event.position;
  }
  return { rows, heads, lastPosition: previous };
}
