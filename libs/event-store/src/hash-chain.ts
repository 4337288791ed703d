import { createHash } from 'node:crypto';
import {
  GENESIS_HASH,
  MAX_PAGE_SIZE,
  type ChainLink,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type NewEvent,
  type RecordedEvent,
} from './event-store.port';
import { EventStoreArgumentError } from './errors';

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, strings as JSON.stringify writes them.
 * Only finite numbers are allowed (money never travels as a number; see libs/money).
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new EventStoreArgumentError(`non-finite number in event payload`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const parts: string[] = [];
    for (const key of keys) {
      const member = value[key];
      if (member === undefined) continue; // JSON.stringify drops undefined members too
      parts.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new EventStoreArgumentError(`unsupported value of type ${typeof value} in event payload`);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The fields a hash covers: everything an auditor relies on. Store-assigned position and time are excluded
 * so that an export replayed into a fresh store reproduces the same chain. */
export function eventHash(stream: string, revision: bigint, event: NewEvent, prevHash: string): string {
  const metadata: JsonObject = { ...withoutChain(event.metadata), prevHash };
  return sha256Hex(
    canonicalJson({
      stream,
      revision: revision.toString(),
      id: event.id,
      type: event.type,
      data: event.data,
      metadata,
    }),
  );
}

export function withoutChain(metadata: JsonObject): JsonObject {
  const { prevHash: _prev, hash: _hash, ...rest } = metadata;
  return rest;
}

/** Adds prevHash/hash to each event, continuing the chain of a stream whose last hash is `headHash`. */
export function chainEvents(
  stream: string,
  firstRevision: bigint,
  headHash: string,
  events: readonly NewEvent[],
): Array<NewEvent & { metadata: JsonObject & ChainLink }> {
  let prevHash = headHash;
  return events.map((event, index) => {
    const revision = firstRevision + BigInt(index);
    const hash = eventHash(stream, revision, event, prevHash);
    const chained = { ...event, metadata: { ...withoutChain(event.metadata), prevHash, hash } };
    prevHash = hash;
    return chained;
  });
}

export type ChainBreakCause = 'hash_mismatch' | 'prev_hash_mismatch' | 'revision_gap' | 'missing_link';

export interface ChainBreak {
  stream: string;
  revision: string;
  position: string;
  eventId: string;
  cause: ChainBreakCause;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  eventsChecked: number;
  streamsChecked: number;
  /** The first broken link in global-log order (verifyAll) or revision order (verifyStream). */
  firstBreak?: ChainBreak;
}

interface StreamCursor {
  nextRevision: bigint;
  lastHash: string;
}

/** Checks one event against the cursor of its stream; returns the break, or advances the cursor. */
function checkLink(cursor: StreamCursor, event: RecordedEvent): ChainBreak | undefined {
  const at = {
    stream: event.stream,
    revision: event.revision.toString(),
    position: event.position.toString(),
    eventId: event.id,
  };
  const { prevHash, hash } = event.metadata;
  if (typeof prevHash !== 'string' || typeof hash !== 'string') {
    return { ...at, cause: 'missing_link', detail: 'metadata has no prevHash/hash' };
  }
  if (event.revision !== cursor.nextRevision) {
    return { ...at, cause: 'revision_gap', detail: `expected revision ${cursor.nextRevision}` };
  }
  if (prevHash !== cursor.lastHash) {
    return { ...at, cause: 'prev_hash_mismatch', detail: `prevHash ${prevHash} != previous event's hash ${cursor.lastHash}` };
  }
  const recomputed = eventHash(event.stream, event.revision, event, prevHash);
  if (recomputed !== hash) {
    return { ...at, cause: 'hash_mismatch', detail: `stored hash ${hash} != recomputed ${recomputed}` };
  }
  cursor.nextRevision += 1n;
  cursor.lastHash = hash;
  return undefined;
}

export async function verifyStream(store: EventStore, stream: string): Promise<VerifyReport> {
  const cursor: StreamCursor = { nextRevision: 0n, lastHash: GENESIS_HASH };
  let eventsChecked = 0;
  for (;;) {
    const page = await store.readStream(stream, { fromRevision: cursor.nextRevision, limit: MAX_PAGE_SIZE });
    for (const event of page) {
      eventsChecked += 1;
      const broken = checkLink(cursor, event);
      if (broken) return { ok: false, eventsChecked, streamsChecked: 1, firstBreak: broken };
    }
    if (page.length < MAX_PAGE_SIZE) break;
  }
  return { ok: true, eventsChecked, streamsChecked: eventsChecked > 0 ? 1 : 0 };
}

export interface VerifyAllOptions {
  /** Called after every page, for progress bars. */
  onProgress?: (eventsChecked: number, lastPosition: bigint) => void;
  pageSize?: number;
}

/** Walks the whole global log once, keeping one cursor per stream (64 bytes of hash each). */
export async function verifyAll(store: EventStore, options: VerifyAllOptions = {}): Promise<VerifyReport> {
  const cursors = new Map<string, StreamCursor>();
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  let eventsChecked = 0;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    for (const event of page) {
      eventsChecked += 1;
      let cursor = cursors.get(event.stream);
      if (!cursor) {
        cursor = { nextRevision: 0n, lastHash: GENESIS_HASH };
        cursors.set(event.stream, cursor);
      }
      const broken = checkLink(cursor, event);
      if (broken) return { ok: false, eventsChecked, streamsChecked: cursors.size, firstBreak: broken };
      after = event.position;
    }
    if (after !== undefined) options.onProgress?.(eventsChecked, after);
    if (page.length < pageSize) break;
  }
  return { ok: true, eventsChecked, streamsChecked: cursors.size };
}
