import { escapeLiteral, type PoolClient } from 'pg';
import type { BatchPlan, Head, Known, PlannedAppend } from './batch-planner';
import { bind, type PrefetchRow, type Statements } from './statements';

/**
 * One group-commit transaction. The append lock is held for as long as its round trips take, and it
 * serialises every writer of every process, so they are kept few: BEGIN with the lock, one read of what
 * the decisions need (no one else can change it while we hold the lock), one insert of every accepted
 * append, and NOTIFY with COMMIT. The savepoint path (the fallback) reads the heads instead, then spends
 * one savepoint round trip and one insert per append, moving `heads` as its appends commit.
 */
export class BatchTransaction {
  private heads = new Map<string, Head>();
  private savepointOpen = false;

  constructor(
    readonly client: PoolClient,
    private readonly sql: Statements,
    private readonly lockKey: string,
  ) {}

  async begin(): Promise<void> {
    // Simple-query protocol, so both statements share one round trip; the key is a number we computed.
    await this.client.query(`BEGIN; SELECT pg_advisory_xact_lock(${BigInt(this.lockKey).toString()})`);
  }

  async readHeads(streams: string[]): Promise<void> {
    this.heads = await readHeads(this.client, this.sql, streams);
  }

  /** Everything the batch's decisions depend on, in one statement: heads, stored event ids, command ids. */
  async prefetch(batch: readonly PlannedAppend[]): Promise<Known> {
    const streams = new Set<string>();
    const eventIds: string[] = [];
    const commandIds: string[] = [];
    for (const pending of batch) {
      streams.add(pending.stream);
      for (const event of pending.events) eventIds.push(event.id);
      if (pending.command) commandIds.push(pending.command.commandId);
    }
    const { rows } = await this.client.query<PrefetchRow>(
      bind(this.sql.prefetch, [[...streams], eventIds, commandIds]),
    );
    const known: Known = { heads: new Map(), events: new Map(), commands: new Map() };
    for (const row of rows) {
      if (row.kind === 's') known.heads.set(row.key, { revision: BigInt(row.revision!), hash: row.text! });
      else if (row.kind === 'e') {
        known.events.set(row.key, {
          stream: row.stream!,
          revision: BigInt(row.revision!),
          position: BigInt(row.position!),
        });
      } else known.commands.set(row.key, row.text!);
    }
    return known;
  }

  /**
   * Writes every accepted append of the plan in one statement; returns the positions of the events the
   * outcomes need (each append's last event). Arrays, not one parameter per value: the statement keeps
   * the same 16 parameters at any batch size.
   */
  async insertAll(plan: BatchPlan): Promise<Map<string, bigint>> {
    if (plan.rows.eventIds.length === 0) return new Map();
    const r = plan.rows;
    const { rows } = await this.client.query<{ event_id: string; position: string }>(
      bind(this.sql.insertBatch, [
        r.streams,
        r.revisions,
        r.eventIds,
        r.types,
        `[${r.data.join(',')}]`,
        `[${r.metadata.join(',')}]`,
        r.headStreams,
        r.headRevisions,
        r.headHashes,
        r.commandIds,
        r.bodyHashes,
        r.commandStreams,
        r.firstRevisions,
        r.lastRevisions,
        r.commandLastEventIds,
        r.wantedEventIds,
      ]),
    );
    return new Map(rows.map((row) => [row.event_id, BigInt(row.position)]));
  }

  head(stream: string): Head | undefined {
    return this.heads.get(stream);
  }

  moveHead(stream: string, head: Head): void {
    this.heads.set(stream, head);
  }

  /** Opens this append's savepoint, releasing the previous append's (which keeps its work). */
  async savepoint(): Promise<void> {
    await this.client.query(this.savepointOpen ? 'RELEASE SAVEPOINT append; SAVEPOINT append' : 'SAVEPOINT append');
    this.savepointOpen = true;
  }

  /** Undoes this append only; the savepoint stays open until the next savepoint or the commit. */
  async rollbackToSavepoint(): Promise<void> {
    await this.client.query('ROLLBACK TO SAVEPOINT append');
  }

  /** NOTIFY is delivered at commit, so listeners hear of the appends only once they are visible. */
  async commit(channel: string, lastPosition: bigint | undefined): Promise<void> {
    const notify =
      lastPosition === undefined
        ? ''
        : `SELECT pg_notify(${escapeLiteral(channel)}, ${escapeLiteral(lastPosition.toString())}); `;
    await this.client.query(`${notify}COMMIT`);
  }
}

export async function readHeads(client: PoolClient, sql: Statements, streams: string[]): Promise<Map<string, Head>> {
  const { rows } = await client.query<{ stream: string; revision: string; hash: string }>(
    bind(sql.heads, [[...new Set(streams)]]),
  );
  return new Map(rows.map((row) => [row.stream, { revision: BigInt(row.revision), hash: row.hash }]));
}

