import { END, NO_STREAM, type AppendResult as ClientAppendResult, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, type CommandRecord, type ExpectedRevision, type NewEvent, type RecordedEvent } from '../event-store.port';
import { DuplicateCommandError, WrongExpectedRevisionError } from '../errors';
import { chainEvents } from '../hash-chain';
import {
  KurrentDbDataError,
  UNKNOWN_POSITION,
  appendStreamState,
  chainHashOf,
  commandRecordedEvent,
  commandStreamName,
  isWrongExpectedVersion,
  mapStoreError,
  toEventData,
  toWrongExpectedRevision,
  type StreamBase,
} from './mapping';
import type { KurrentDbReads } from './kurrentdb-reads';

/** What a domain append wrote (or found already written, for a retry). */
export interface Written {
  firstRevision: bigint;
  lastRevision: bigint;
  position: bigint;
}

/**
 * The two writes of an append on KurrentDB: the domain events (read the event they follow, chain, append
 * with an exact stream state) and the command record. The facade (kurrentdb-event-store.ts) orders them.
 */
export class KurrentDbAppends {
  constructor(
    private readonly client: KurrentDBClient,
    private readonly reads: KurrentDbReads,
    /** How often an 'exists' append re-reads the head after losing a race to another writer. */
    private readonly existsAttempts: number,
  ) {}

  async appendDomain(stream: string, events: NewEvent[], expected: ExpectedRevision): Promise<Written> {
    for (let attempt = 1; ; attempt += 1) {
      const base = await this.streamBase(stream, expected);
      if (expected === 'exists' && base.head) {
        const retried = await this.retriedAppend(stream, events, base.head);
        if (retried) return retried;
      }
      const chained = chainEvents(stream, base.revision + 1n, base.hash, events);
      let result: ClientAppendResult;
      try {
        result = await this.client.appendToStream(stream, chained.map(toEventData), {
          streamState: appendStreamState(expected, base),
        });
      } catch (error) {
        if (isWrongExpectedVersion(error)) {
          // 'exists' was pinned to the head we read; another writer moved it, so read again and re-chain.
          if (expected === 'exists' && attempt < this.existsAttempts) continue;
          throw toWrongExpectedRevision(stream, expected, error);
        }
        throw mapStoreError(error, `append to ${stream}`);
      }
      if (!result.success) {
        // Only with throwOnAppendFailure=false, which this adapter never sets; kept so a change there cannot
        // turn a rejected append into a success.
        throw new WrongExpectedRevisionError(
          stream,
          expected,
          result.nextExpectedRevision < 0n ? -1n : result.nextExpectedRevision,
        );
      }
      // For a retry (same ids at the same revision) the server answers with the original revisions and the
      // position of the original last event, so both cases come out the same.
      const lastRevision = result.nextExpectedRevision;
      const firstRevision = lastRevision - BigInt(events.length - 1);
      const reported = result.position?.commit;
      const position =
        reported !== undefined && reported >= 0n && reported < UNKNOWN_POSITION
          ? reported
          : await this.positionOfRevision(stream, lastRevision);
      return { firstRevision, lastRevision, position };
    }
  }

  /**
   * The event the new batch follows. An exact expectation reads exactly that event: when the stream has moved
   * on, the chain is still computed from it, so a retried append re-creates the very same events and the
   * server recognises them (idempotent), while a stale writer is rejected by the server with the actual
   * revision. Nothing is ever appended on a guessed hash.
   */
  private async streamBase(stream: string, expected: ExpectedRevision): Promise<StreamBase & { head?: RecordedEvent }> {
    if (expected === 'no_stream') return { revision: -1n, hash: GENESIS_HASH };
    if (expected === 'exists') {
      const head = await this.reads.readOne(stream, END);
      if (!head) throw new WrongExpectedRevisionError(stream, expected, -1n);
      return { revision: head.revision, hash: chainHashOf(head), head };
    }
    const atExpected = await this.reads.readOne(stream, expected);
    if (atExpected?.revision === expected) return { revision: expected, hash: chainHashOf(atExpected) };
    // The stream is shorter than expected (or missing): name its real head, as the SQL stores do.
    const head = await this.reads.readOne(stream, END);
    if (head?.revision === expected) return { revision: expected, hash: chainHashOf(head) };
    throw new WrongExpectedRevisionError(stream, expected, head?.revision ?? -1n);
  }

  /**
   * 'exists' pins the stream state to the head just read, and the server checks idempotency only for
   * expectations older than the head. A retried 'exists' append whose events are already the head is
   * recognised here instead, so it returns the first result rather than writing the events twice.
   */
  private async retriedAppend(stream: string, events: NewEvent[], head: RecordedEvent): Promise<Written | undefined> {
    const count = BigInt(events.length);
    if (head.id !== events[events.length - 1]!.id || head.revision + 1n < count) return undefined;
    const firstRevision = head.revision + 1n - count;
    const stored = await this.reads.readStreamRaw(stream, firstRevision, false, events.length);
    if (stored.length !== events.length || stored.some((event, index) => event.id !== events[index]!.id))
      return undefined;
    return { firstRevision, lastRevision: head.revision, position: head.position };
  }

  /** Fallback when the server did not report a position: the last event's own, read back. */
  private async positionOfRevision(stream: string, revision: bigint): Promise<bigint> {
    const event = await this.reads.readOne(stream, revision);
    if (event?.revision !== revision) {
      throw new KurrentDbDataError(`stream ${stream}: revision ${revision} was acknowledged but cannot be read back`);
    }
    return event.position;
  }

  async recordCommand(record: CommandRecord): Promise<void> {
    const stream = commandStreamName(record.commandId);
    const chained = chainEvents(stream, 0n, GENESIS_HASH, [commandRecordedEvent(record)]);
    try {
      // NO_STREAM: the first record for a command id wins. The same record again has the same event id and
      // the server answers it as the original write.
      await this.client.appendToStream(stream, chained.map(toEventData), { streamState: NO_STREAM });
    } catch (error) {
      if (isWrongExpectedVersion(error)) throw new DuplicateCommandError(record.commandId);
      throw mapStoreError(error, `recording command ${record.commandId}`);
    }
  }
}
