import {
  GENESIS_HASH,
  type AppendOptions,
  type AppendResult,
  type ExpectedRevision,
  type NewEvent,
} from '../event-store.port';
import {
  DuplicateCommandError,
  DuplicateEventIdError,
  EventStoreArgumentError,
  WrongExpectedRevisionError,
} from '../errors';
import { chainEvents } from '../hash-chain';
import { expectationHolds } from '../append-validation';

/**
 * The group commit's decisions, as pure functions: given what the database held under the append lock
 * (stream heads, stored event ids, recorded command ids), the outcome of every queued append in queue
 * order and the rows to insert. No connection, no clock: unit-tested without a server.
 */

export interface PendingAppend {
  stream: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  command: AppendOptions['command'];
  bytes: number;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** What the planner needs of a queued append (the promise callbacks stay with the queue). */
export type PlannedAppend = Pick<PendingAppend, 'stream' | 'events' | 'expected' | 'command'>;

export type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export interface Head {
  revision: bigint;
  hash: string;
}

/** An event id already taken: stored (position known) or accepted earlier in this batch (position not yet). */
export interface TakenEvent {
  stream: string;
  revision: bigint;
  position?: bigint;
}

/** What the database held, under the lock, for a batch's streams, event ids and command ids. */
export interface Known {
  heads: Map<string, Head>;
  events: Map<string, TakenEvent>;
  /** command id -> body hash */
  commands: Map<string, string>;
}

/** The column arrays of the batch insert (see `insertBatchSql`); bigints as decimal strings. */
export interface InsertRows {
  streams: string[];
  revisions: string[];
  eventIds: string[];
  types: string[];
  data: string[];
  metadata: string[];
  headStreams: string[];
  headRevisions: string[];
  headHashes: string[];
  commandIds: string[];
  bodyHashes: string[];
  commandStreams: string[];
  firstRevisions: string[];
  lastRevisions: string[];
  commandLastEventIds: string[];
  wantedEventIds: string[];
}

type Chained = ReturnType<typeof chainEvents>;

export type Decision =
  | { kind: 'refused'; error: unknown }
  | { kind: 'write'; firstRevision: bigint; lastRevision: bigint; chained: Chained }
  /** A retry of an append already committed (position known) or written earlier in this batch (not yet). */
  | { kind: 'retried'; lastEventId: string; revision: bigint; position: bigint | undefined };

export interface BatchPlan {
  decisions: readonly Decision[];
  rows: InsertRows;
  /** Each append's outcome, given the positions the insert returned (event id -> position). */
  outcomes(positions: ReadonlyMap<string, bigint>): Outcome[];
}

const PORT_ERRORS = [WrongExpectedRevisionError, DuplicateEventIdError, DuplicateCommandError, EventStoreArgumentError];

/** The port's own refusals: one append's outcome, never a failure of the store. */
export function isPortError(error: unknown): boolean {
  return PORT_ERRORS.some((type) => error instanceof type);
}

/**
 * Decides every append of a batch in queue order, as the savepoint path does one by one: an accepted
 * append moves its stream's head and takes its event ids and command id for the appends after it; a
 * refused one changes nothing. Checks in the savepoint path's order: expected revision (else a retry of
 * a committed append, else WrongExpectedRevisionError), the hash chain, the command id, then event ids.
 * `known` is not modified.
 */
export function planBatch(batch: readonly PlannedAppend[], known: Known): BatchPlan {
  const heads = new Map(known.heads);
  const events = new Map(known.events);
  const commands = new Map(known.commands);
  const decisions = batch.map((pending) => decide(pending, heads, events, commands));
  const rows = emptyRows();
  batch.forEach((pending, n) => addRows(rows, pending, decisions[n]!));
  // One row per stream: the upsert may not touch a row twice. `heads` ends at each stream's last write.
  for (const stream of new Set(batch.filter((_, n) => decisions[n]!.kind === 'write').map((p) => p.stream))) {
    const head = heads.get(stream)!;
    rows.headStreams.push(stream);
    rows.headRevisions.push(head.revision.toString());
    rows.headHashes.push(head.hash);
  }
  return { decisions, rows, outcomes: (positions) => decisions.map((d) => outcomeOf(d, positions)) };
}

function emptyRows(): InsertRows {
  return {
    streams: [],
    revisions: [],
    eventIds: [],
    types: [],
    data: [],
    metadata: [],
    headStreams: [],
    headRevisions: [],
    headHashes: [],
    commandIds: [],
    bodyHashes: [],
    commandStreams: [],
    firstRevisions: [],
    lastRevisions: [],
    commandLastEventIds: [],
    wantedEventIds: [],
  };
}

/** The rows one decision adds: its events and command for a write, the position it needs for a retry. */
function addRows(rows: InsertRows, pending: PlannedAppend, d: Decision): void {
  if (d.kind === 'retried' && d.position === undefined) rows.wantedEventIds.push(d.lastEventId);
  if (d.kind !== 'write') return;
  const lastEventId = d.chained[d.chained.length - 1]!.id;
  rows.wantedEventIds.push(lastEventId);
  d.chained.forEach((event, i) => {
    rows.streams.push(pending.stream);
    rows.revisions.push((d.firstRevision + BigInt(i)).toString());
    rows.eventIds.push(event.id);
    rows.types.push(event.type);
    rows.data.push(JSON.stringify(event.data));
    rows.metadata.push(JSON.stringify(event.metadata));
  });
  if (pending.command) {
    rows.commandIds.push(pending.command.commandId);
    rows.bodyHashes.push(pending.command.bodyHash);
    rows.commandStreams.push(pending.stream);
    rows.firstRevisions.push(d.firstRevision.toString());
    rows.lastRevisions.push(d.lastRevision.toString());
    rows.commandLastEventIds.push(lastEventId);
  }
}

function outcomeOf(d: Decision, positions: ReadonlyMap<string, bigint>): Outcome {
  switch (d.kind) {
    case 'refused':
      return { ok: false, error: d.error };
    case 'write':
      return {
        ok: true,
        result: { nextExpectedRevision: d.lastRevision, position: positionOf(positions, d.chained[d.chained.length - 1]!.id) },
      };
    case 'retried':
      return {
        ok: true,
        result: {
          nextExpectedRevision: d.revision,
          position: d.position ?? positionOf(positions, d.lastEventId),
          retried: true,
        },
      };
  }
}

function positionOf(positions: ReadonlyMap<string, bigint>, eventId: string): bigint {
  const found = positions.get(eventId);
  if (found === undefined) throw new Error(`the batch insert returned no position for event ${eventId}`);
  return found;
}

function decide(
  pending: PlannedAppend,
  heads: Map<string, Head>,
  events: Map<string, TakenEvent>,
  commands: Map<string, string>,
): Decision {
  const { stream, expected, command } = pending;
  const head = heads.get(stream);
  const actual = head?.revision ?? -1n;
  if (!expectationHolds(expected, actual)) {
    const retried = retriedAppend(pending, events, commands);
    return retried ?? { kind: 'refused', error: new WrongExpectedRevisionError(stream, expected, actual) };
  }
  const firstRevision = actual + 1n;
  let chained: Chained;
  try {
    chained = chainEvents(stream, firstRevision, head?.hash ?? GENESIS_HASH, pending.events);
  } catch (error) {
    if (isPortError(error)) return { kind: 'refused', error };
    throw error;
  }
  // A command's retry may carry the same (deterministic) event ids: the command is what was repeated.
  if (command && commands.has(command.commandId)) {
    return { kind: 'refused', error: new DuplicateCommandError(command.commandId) };
  }
  const taken = pending.events.find((event) => events.has(event.id));
  if (taken) return { kind: 'refused', error: new DuplicateEventIdError(taken.id) };
  const lastRevision = firstRevision + BigInt(chained.length - 1);
  chained.forEach((event, i) => events.set(event.id, { stream, revision: firstRevision + BigInt(i) }));
  if (command) commands.set(command.commandId, command.bodyHash);
  heads.set(stream, { revision: lastRevision, hash: chained[chained.length - 1]!.metadata.hash });
  return { kind: 'write', firstRevision, lastRevision, chained };
}

/** As the savepoint path's findRetriedAppend, against what the batch knows (stored, or written earlier in the batch). */
function retriedAppend(
  pending: PlannedAppend,
  events: ReadonlyMap<string, TakenEvent>,
  commands: ReadonlyMap<string, string>,
): Decision | undefined {
  const { stream, expected, command } = pending;
  if (expected === 'exists') return undefined;
  const firstRevision = expected === 'no_stream' ? 0n : expected + 1n;
  const matches = pending.events.every((event, i) => {
    const taken = events.get(event.id);
    return taken !== undefined && taken.stream === stream && taken.revision === firstRevision + BigInt(i);
  });
  if (!matches) return undefined;
  if (command) {
    const bodyHash = commands.get(command.commandId);
    if (bodyHash !== undefined && bodyHash !== command.bodyHash) {
      return { kind: 'refused', error: new DuplicateCommandError(command.commandId) };
    }
  }
  const lastEventId = pending.events[pending.events.length - 1]!.id;
  const last = events.get(lastEventId)!;
  return { kind: 'retried', lastEventId, revision: last.revision, position: last.position };
}

/** The last position a batch's accepted appends reached (for NOTIFY), if any was accepted. */
export function lastPosition(outcomes: readonly Outcome[]): bigint | undefined {
  let last: bigint | undefined;
  for (const o of outcomes) if (o.ok && (last === undefined || o.result.position > last)) last = o.result.position;
  return last;
}
