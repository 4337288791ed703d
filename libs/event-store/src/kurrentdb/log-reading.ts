/**
 * Positions, filters and paging over $all: the port's readAll semantics on top of the client's (see the
 * server facts in mapping.ts: commit position = prepare position for every event; forward reads inclusive,
 * backward reads exclusive). Pure, like mapping.ts.
 */
import type { Filter, Position, ReadPosition } from '@kurrent/kurrentdb-client';
import type { AllFilter, ReadAllOptions } from '../event-store.port';
import { EventStoreArgumentError } from '../errors';
import { checkLimit } from '../append-validation';
import {
  COMMAND_STREAM_PREFIX,
  KDB_END,
  KDB_FILTER_ON_EVENT_TYPE,
  KDB_FILTER_ON_STREAM_NAME,
  KDB_START,
  KurrentDbDataError,
  UNKNOWN_POSITION,
} from './client-constants';

const MAX_FILTER_TYPES = 100;

// ---------------------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------------------

/** A valid $all position as the client wants it. Only ever built from positions this store handed out. */
export function logPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** The commit position of a recorded event; throws when the server did not send a usable one. */
export function positionOf(event: { id: string; position?: Position }, commitPosition?: bigint): bigint {
  const position = event.position?.commit ?? commitPosition;
  if (position === undefined || position < 0n || position >= UNKNOWN_POSITION) {
    throw new KurrentDbDataError(
      `KurrentDB sent no log position for event ${event.id} (servers before 22.6 omit it on stream reads)`,
    );
  }
  return position;
}

/** Where a forward read or a subscription starts for an exclusive `after` (-1n or absent: the beginning). */
export function startAfter(after: bigint | undefined): ReadPosition {
  return after === undefined || after < 0n ? KDB_START : logPosition(after);
}

// ---------------------------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------------------------

/** System streams and events ($-prefixed) never reach the port; nor do the store's command records. */
export function isVisible(stream: string, type: string): boolean {
  return !stream.startsWith('$') && !type.startsWith('$') && !stream.startsWith(COMMAND_STREAM_PREFIX);
}

export function matchesFilter(filter: AllFilter | undefined, stream: string, type: string): boolean {
  if (!isVisible(stream, type)) return false;
  if (!filter) return true;
  if (filter.streamPrefix !== undefined && !stream.startsWith(filter.streamPrefix)) return false;
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(type)) return false;
  return true;
}

export function validateFilter(filter: AllFilter | undefined): void {
  if (!filter) return;
  if (filter.eventTypes !== undefined) {
    if (filter.eventTypes.length === 0 || filter.eventTypes.length > MAX_FILTER_TYPES) {
      throw new EventStoreArgumentError(`filter.eventTypes takes 1..${MAX_FILTER_TYPES} types`);
    }
    if (filter.eventTypes.some((type) => typeof type !== 'string' || type.length === 0)) {
      throw new EventStoreArgumentError('filter.eventTypes must be non-empty strings');
    }
  }
  if (filter.streamPrefix !== undefined && typeof filter.streamPrefix !== 'string') {
    throw new EventStoreArgumentError('filter.streamPrefix must be a string');
  }
}

/** Escapes a literal for a .NET (server-side) or JavaScript regular expression. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/**
 * The server-side filter for readAll and subscribeToAll. The server takes one filter, on either stream names or
 * event types, so it narrows by the most selective part of the port's filter; matchesFilter() then applies the
 * whole filter (and the exclusion of $ events and command records) on the client. The result is correct even
 * where the server filter lets more through, only slower; paging counts raw events, so it stays correct too.
 * checkpointInterval is required by the client; checkpoints are not used (the subscription resumes from the
 * last event it handled, never from a server checkpoint: KurrentDB#3697, #4970).
 */
export function serverFilterFor(filter: AllFilter | undefined): Filter {
  if (filter?.streamPrefix !== undefined && filter.streamPrefix.length > 0) {
    return { filterOn: KDB_FILTER_ON_STREAM_NAME, checkpointInterval: 1, prefixes: [filter.streamPrefix] };
  }
  if (filter?.eventTypes !== undefined && filter.eventTypes.length > 0) {
    return {
      filterOn: KDB_FILTER_ON_EVENT_TYPE,
      checkpointInterval: 1,
      regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$`,
    };
  }
  return {
    filterOn: KDB_FILTER_ON_STREAM_NAME,
    checkpointInterval: 1,
    regex: `^(?!\\$|${escapeRegex(COMMAND_STREAM_PREFIX)})`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Paging over $all
// ---------------------------------------------------------------------------------------------------------

/** One record of a raw $all read: where it is, and (when it is an event) what it is. */
export interface LogItem<T> {
  position: bigint;
  stream: string;
  type: string;
  /** Undefined for records without an event (deleted, unresolvable): they only move the cursor. */
  value: T | undefined;
}

export type LogBatchReader<T> = (from: ReadPosition, maxCount: number) => Promise<Array<LogItem<T>>>;

/**
 * readAll with the port's semantics on top of the client's: `after`/`before` exclusive, `limit` matching
 * events, $ events and command records excluded, the filter applied. Each round asks for one event more than
 * still needed (the boundary event may come back), and stops when a round returns fewer raw events than asked
 * (end of the log) or the page is full.
 */
export async function readAllPaged<T>(read: LogBatchReader<T>, options: ReadAllOptions): Promise<T[]> {
  checkLimit(options.limit);
  validateFilter(options.filter);
  const backwards = options.direction === 'backwards';
  const bound = backwards ? options.before : options.after;
  if (backwards && bound !== undefined && bound <= 0n) return []; // nothing precedes the first position
  let cursor = bound !== undefined && bound >= 0n ? bound : undefined;
  const page: T[] = [];
  for (;;) {
    const want = options.limit - page.length + 1;
    const from: ReadPosition = cursor === undefined ? (backwards ? KDB_END : KDB_START) : logPosition(cursor);
    const batch = await read(from, want);
    let last: bigint | undefined;
    for (const item of batch) {
      last = item.position;
      if (cursor !== undefined && (backwards ? item.position >= cursor : item.position <= cursor)) continue;
      if (item.value === undefined || !matchesFilter(options.filter, item.stream, item.type)) continue;
      page.push(item.value);
      if (page.length === options.limit) return page;
    }
    if (batch.length < want || last === undefined) return page;
    // A round that did not move past the cursor would repeat forever; the server never does this, but a page
    // cut short is better than a hung request.
    if (cursor !== undefined && (backwards ? last >= cursor : last <= cursor)) return page;
    cursor = last;
  }
}

/** The same page-limit check as every adapter (append-validation.ts). */
export { checkLimit };
