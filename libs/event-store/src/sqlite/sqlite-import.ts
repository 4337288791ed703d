import type { ImportEvent } from '../event-store.port';
import { DuplicateEventIdError } from '../errors';
import { planImport, type ImportHead, type ImportPlan } from '../import-plan';
import { uniquely, type HeadRow, type SqliteStatements } from './sqlite-statements';

/**
 * The body of importRecorded's transaction: reads the head position and the imported streams' heads,
 * plans the import (positions strictly increasing, revisions continuing, re-chained) and writes it. A
 * refusal throws before anything is written; a stored event id fails its insert and the caller's
 * transaction rolls everything back.
 */
export function writeImport(statements: SqliteStatements, events: readonly ImportEvent[]): ImportPlan {
  const heads = new Map<string, ImportHead>();
  for (const stream of new Set(events.map((event) => event.stream))) {
    const head = statements.head.get(stream) as HeadRow | undefined;
    if (head) heads.set(stream, head);
  }
  const { position } = statements.head_position.get() as { position: bigint | null };
  const plan = planImport(events, position ?? -1n, heads);
  for (const row of plan.rows) {
    uniquely(
      () =>
        statements.importEvent.run(
          row.position,
          row.id,
          row.stream,
          row.revision,
          row.type,
          JSON.stringify(row.data),
          JSON.stringify(row.metadata),
          row.recordedAt.toISOString(),
        ),
      { 'events.event_id': () => new DuplicateEventIdError(row.id) },
    );
  }
  for (const [stream, head] of plan.heads) statements.upsertHead.run(stream, head.revision, head.hash);
  return plan;
}
