import { DatabaseError, type PoolClient } from 'pg';
import { GENESIS_HASH, type AppendResult } from '../event-store.port';
import {
  DuplicateCommandError,
  DuplicateEventIdError,
  EventStoreArgumentError,
  WrongExpectedRevisionError,
} from '../errors';
import { chainEvents } from '../hash-chain';
import { expectationHolds } from '../append-validation';
import { isPortError, lastPosition, planBatch, type Head, type Outcome, type PendingAppend } from './batch-planner';
import { BatchTransaction, readHeads } from './batch-transaction';
import { isAppendRefusal } from './pg-errors';
import { bind, type CommandRow, type EventRow, type Statements } from './statements';

/** A batch also stops growing at this many payload bytes, so one commit never carries gigabytes. */
export const MAX_BYTES_PER_COMMIT = 32 * 1024 * 1024;

/**
 * The transaction of one group commit: the fast path (decide every append in JS against one read, write
 * them with one statement) and, when that statement fails anyway, the savepoint path (one savepoint and
 * one insert per append), so every append's outcome stays its own.
 */
export class AppendPath {
  constructor(
    private readonly sql: Statements,
    private readonly lockKey: string,
    /** NOTIFY channel of the schema. */
    private readonly channel: string,
  ) {}

  /**
   * The batch in four round trips whatever its size: lock, one read of everything the decisions need,
   * one insert of every accepted append, commit. Every append is decided in JS, in queue order, against
   * what was read under the lock (no other writer of any process can change it while we hold the lock).
   */
  async run(client: PoolClient, batch: PendingAppend[]): Promise<Outcome[]> {
    // A jsonb value holds at most 256 MiB, and the batch statement sends all data as one jsonb array;
    // only a single append can be this large (takeBatch), and the savepoint path sends it as text[].
    if (batch.reduce((bytes, pending) => bytes + pending.bytes, 0) > MAX_BYTES_PER_COMMIT) {
      return this.runSavepointBatch(client, batch);
    }
    const tx = new BatchTransaction(client, this.sql, this.lockKey);
    await tx.begin();
    const plan = planBatch(batch, await tx.prefetch(batch));
    let positions: Map<string, bigint>;
    try {
      positions = await tx.insertAll(plan);
    } catch (error) {
      // Something we did not predict (a writer that bypassed the lock, data PostgreSQL refuses, e.g.
      // \u0000 in jsonb): start over with one savepoint per append, so each append gets its own outcome.
      if (!isAppendRefusal(error)) throw error;
      await client.query('ROLLBACK');
      return this.runSavepointBatch(client, batch);
    }
    const outcomes = plan.outcomes(positions);
    await tx.commit(this.channel, lastPosition(outcomes));
    return outcomes;
  }

  /** The fallback: one savepoint and one insert per append, each refusal rolled back on its own. */
  private async runSavepointBatch(client: PoolClient, batch: PendingAppend[]): Promise<Outcome[]> {
    const tx = new BatchTransaction(client, this.sql, this.lockKey);
    await tx.begin();
    await tx.readHeads(batch.map((pending) => pending.stream));
    const outcomes: Outcome[] = [];
    for (const pending of batch) outcomes.push(await this.appendOne(tx, pending));
    await tx.commit(this.channel, lastPosition(outcomes));
    return outcomes;
  }

  /** One append of a batch. Its refusal is its outcome; a failure of the store propagates and fails the batch. */
  private async appendOne(tx: BatchTransaction, pending: PendingAppend): Promise<Outcome> {
    const head = tx.head(pending.stream);
    const actual = head?.revision ?? -1n;
    if (!expectationHolds(pending.expected, actual)) return this.retriedOrRefused(tx.client, pending, actual);
    await tx.savepoint();
    try {
      const { result, hash } = await this.insert(tx.client, pending, head);
      tx.moveHead(pending.stream, { revision: result.nextExpectedRevision, hash });
      return { ok: true, result };
    } catch (error) {
      if (!isAppendRefusal(error)) throw error;
      await tx.rollbackToSavepoint();
      return { ok: false, error: await this.explainRefusal(tx.client, pending, error) };
    }
  }

  /** Writes the events, the new head and the command record in one statement (one round trip). */
  private async insert(
    client: PoolClient,
    pending: PendingAppend,
    head: Head | undefined,
  ): Promise<{ result: AppendResult; hash: string }> {
    const { stream, events, command } = pending;
    const firstRevision = (head?.revision ?? -1n) + 1n;
    const lastRevision = firstRevision + BigInt(events.length - 1);
    const chained = chainEvents(stream, firstRevision, head?.hash ?? GENESIS_HASH, events);
    const hash = chained[chained.length - 1]!.metadata.hash;
    const { rows } = await client.query<{ position: string }>(
      bind(this.sql.insert, [
        stream,
        firstRevision.toString(),
        chained.map((e) => e.id),
        chained.map((e) => e.type),
        chained.map((e) => JSON.stringify(e.data)),
        chained.map((e) => JSON.stringify(e.metadata)),
        lastRevision.toString(),
        hash,
        command?.commandId ?? null,
        command?.bodyHash ?? null,
      ]),
    );
    return { result: { nextExpectedRevision: lastRevision, position: BigInt(rows[0]!.position) }, hash };
  }

  /** The expected revision does not hold: either this is a retry of a committed append, or a conflict. */
  private async retriedOrRefused(client: PoolClient, pending: PendingAppend, actual: bigint): Promise<Outcome> {
    try {
      const retried = await this.findRetriedAppend(client, pending);
      if (retried) return { ok: true, result: retried };
      return { ok: false, error: new WrongExpectedRevisionError(pending.stream, pending.expected, actual) };
    } catch (error) {
      if (isPortError(error)) return { ok: false, error };
      throw error;
    }
  }

  /**
   * A retry of an append that already committed: the same ids at the revisions the expected revision
   * implies. With a command, its record must be the same command body, else the retry is a conflict.
   */
  private async findRetriedAppend(client: PoolClient, pending: PendingAppend): Promise<AppendResult | undefined> {
    const { stream, events, expected, command } = pending;
    if (expected === 'exists') return undefined;
    const firstRevision = expected === 'no_stream' ? 0n : expected + 1n;
    const { rows } = await client.query<Pick<EventRow, 'event_id' | 'stream' | 'revision' | 'position'>>(
      bind(this.sql.eventsById, [events.map((e) => e.id)]),
    );
    const byId = new Map(rows.map((row) => [row.event_id, row]));
    const matches = events.every((event, i) => {
      const row = byId.get(event.id);
      return row !== undefined && row.stream === stream && BigInt(row.revision) === firstRevision + BigInt(i);
    });
    if (!matches) return undefined;
    if (command) {
      const { rows: commands } = await client.query<CommandRow>(bind(this.sql.findCommand, [command.commandId]));
      if (commands[0] && commands[0].body_hash !== command.bodyHash) throw new DuplicateCommandError(command.commandId);
    }
    const last = byId.get(events[events.length - 1]!.id)!;
    return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position), retried: true };
  }

  /** Turns a constraint or data error of one append into the port's error (after its savepoint rolled back). */
  private async explainRefusal(client: PoolClient, pending: PendingAppend, error: unknown): Promise<unknown> {
    if (!(error instanceof DatabaseError)) return error; // already one of the port's errors
    if (error.code === '23505' && error.constraint === 'events_event_id_unique') {
      if (pending.command) {
        // A command's retry may carry the same (deterministic) event ids: the command is what was repeated.
        const { rows: commands } = await client.query(bind(this.sql.findCommand, [pending.command.commandId]));
        if (commands.length > 0) return new DuplicateCommandError(pending.command.commandId);
      }
      const { rows } = await client.query<{ event_id: string }>(
        bind(this.sql.eventsById, [pending.events.map((e) => e.id)]),
      );
      return new DuplicateEventIdError(rows[0]?.event_id ?? pending.events[0]!.id);
    }
    if (error.code === '23505' && error.constraint === 'commands_pkey') {
      return new DuplicateCommandError(pending.command?.commandId ?? '');
    }
    if (error.code === '23505') {
      // (stream, revision) taken: only a writer that bypassed the append lock can cause this.
      const heads = await readHeads(client, this.sql, [pending.stream]);
      return new WrongExpectedRevisionError(
        pending.stream,
        pending.expected,
        heads.get(pending.stream)?.revision ?? -1n,
      );
    }
    return new EventStoreArgumentError(`PostgreSQL refused the append: ${error.message}`, { cause: error });
  }
}
