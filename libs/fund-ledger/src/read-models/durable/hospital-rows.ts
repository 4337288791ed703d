import type { ProjectionReader, VersionedRow, PlainRow } from '@ledger/read-store';
import type { ReadPoint } from '../read-side.port';

const PAGE = 1000;

/**
 * Every row of a table valid at the point under a key prefix, page by page (keyset paging: one indexed
 * seek per page). The caller keeps what it selects, so memory is what the query asks for.
 */
export async function* rowsAt(
  reader: ProjectionReader,
  table: string,
  point: ReadPoint,
  prefix?: Record<string, string>,
): AsyncGenerator<VersionedRow | PlainRow> {
  let after: Record<string, string> | undefined;
  for (;;) {
    const page = await reader.list(table, { limit: PAGE, asOf: point.at, ...(prefix ? { prefix } : {}), ...(after ? { after } : {}) });
    yield* page;
    if (page.length < PAGE) return;
    after = { ...page[page.length - 1]!.key };
  }
}
