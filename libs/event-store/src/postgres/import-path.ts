import { DatabaseError, escapeLiteral, type PoolClient } from 'pg';
import type { ImportEvent, ImportResult } from '../event-store.port';
import { DuplicateEventIdError } from '../errors';
import { planImport, type ImportPlan } from '../import-plan';
import { readHeads } from './batch-transaction';
import { bind, type Statements } from './statements';

/**
 * importRecorded on PostgreSQL: one transaction under the append lock (so no append takes a position
 * meanwhile), decided by the shared import plan against the head position and the stream heads read
 * under the lock, written by one statement that also moves the identity sequence past the import.
 */
export async function importBatch(
  client: PoolClient,
  sql: Statements,
  lockKey: string,
  channel: string,
  events: readonly ImportEvent[],
): Promise<ImportResult> {
  await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${BigInt(lockKey).toString()})`);
  try {
    const { rows } = await client.query<{ position: string | null }>(bind(sql.headPosition, []));
    const headPosition = rows[0]?.position == null ? -1n : BigInt(rows[0].position);
    const heads = await readHeads(client, sql, events.map((event) => event.stream));
    const plan = planImport(events, headPosition, heads);
    await client.query(bind(sql.importBatch, importValues(plan)));
    const notify = `SELECT pg_notify(${escapeLiteral(channel)}, ${escapeLiteral(plan.lastPosition.toString())}); `;
    await client.query(`${notify}COMMIT`);
    return { imported: plan.rows.length, lastPosition: plan.lastPosition };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw await explainImportRefusal(client, sql, events, error);
  }
}

function importValues(plan: ImportPlan): unknown[] {
  const r = plan.rows;
  const heads = [...plan.heads.entries()];
  return [
    r.map((row) => row.position.toString()),
    r.map((row) => row.stream),
    r.map((row) => row.revision.toString()),
    r.map((row) => row.id),
    r.map((row) => row.type),
    `[${r.map((row) => JSON.stringify(row.data)).join(',')}]`,
    `[${r.map((row) => JSON.stringify(row.metadata)).join(',')}]`,
    r.map((row) => row.recordedAt.toISOString()),
    heads.map(([stream]) => stream),
    heads.map(([, head]) => head.revision.toString()),
    heads.map(([, head]) => head.hash),
  ];
}

/** A stored event id is left to the unique constraint; it becomes the port's DuplicateEventIdError. */
async function explainImportRefusal(
  client: PoolClient,
  sql: Statements,
  events: readonly ImportEvent[],
  error: unknown,
): Promise<unknown> {
  if (!(error instanceof DatabaseError && error.code === '23505' && error.constraint === 'events_event_id_unique')) {
    return error;
  }
  const found = await client
    .query<{ event_id: string }>(bind(sql.eventsById, [events.map((e) => e.id)]))
    .catch(() => ({ rows: [] as Array<{ event_id: string }> }));
  return new DuplicateEventIdError(found.rows[0]?.event_id ?? events[0]!.id);
}
