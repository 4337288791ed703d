import type { RecordedEvent } from '@ledger/event-store';
import type { Checkpoint, ReadModelProjection, ReadStore, TableRef, Validity } from '../read-store.port';
import { stamp } from '../validity';
import { PageTransaction } from './page-transaction';

/** Another applier moved this checkpoint first (this instance lost its lease mid-page): nothing was written. */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
  constructor(
    readonly projection: string,
    readonly generation: number,
  ) {
    super(`checkpoint of ${projection} generation ${generation} was moved by another instance`);
  }
}

/** One generation of one projection, with its own checkpoint: the active one, or a shadow being rebuilt. */
export interface Lane {
  readonly projection: ReadModelProjection;
  readonly generation: number;
  kind: 'active' | 'shadow';
  readonly refs: ReadonlyMap<string, TableRef>;
  checkpoint: Checkpoint;
  /** Back-off after a failed page: not before this time (ms since epoch). */
  retryAt: number;
  failures: number;
  lastError: string | undefined;
  /** Swapped out by a rebuild (its tables are being dropped): nothing may be applied to it any more. */
  retired: boolean;
}

export function tableRefs(projection: ReadModelProjection, generation: number): Map<string, TableRef> {
  return new Map(projection.tables.map((table) => [table.name, { projection: projection.name, generation, table }]));
}

export function newLane(
  projection: ReadModelProjection,
  generation: number,
  kind: Lane['kind'],
  checkpoint: Checkpoint,
): Lane {
  return {
    projection,
    generation,
    kind,
    refs: tableRefs(projection, generation),
    checkpoint,
    retryAt: 0,
    failures: 0,
    lastError: undefined,
    retired: false,
  };
}

/** Index of the first event after `position` (pages are in position order). */
function firstAfter(page: readonly RecordedEvent[], position: bigint): number {
  let low = 0;
  let high = page.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (page[middle]!.position <= position) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Applies the part of a page after the lane's checkpoint in ONE transaction, which also moves the
 * checkpoint. The compare-and-set comes first: a competing applier (an old leader whose lease just
 * went) waits on the checkpoint row, then finds it moved and applies nothing, so a lane never folds an
 * event twice and never even reads with a stale checkpoint. The stamps are pure, so the new checkpoint
 * is known before the projection runs. A throw anywhere rolls back the rows and the checkpoint together.
 */
export async function applyPage(store: ReadStore, lane: Lane, page: readonly RecordedEvent[]): Promise<number> {
  if (lane.retired) return 0;
  const start = firstAfter(page, lane.checkpoint.position);
  if (start >= page.length) return 0;
  const from = lane.checkpoint;
  const stamps: Validity[] = [];
  let mark = { recordedAtMark: from.recordedAtMark, effectiveDateMark: from.effectiveDateMark };
  for (let index = start; index < page.length; index += 1) {
    const validity = stamp(mark, page[index]!);
    stamps.push(validity);
    mark = { recordedAtMark: validity.recordedAt, effectiveDateMark: validity.effectiveDate };
  }
  const to: Checkpoint = { ...from, position: page[page.length - 1]!.position, ...mark };
  await store.transaction(async (stx) => {
    if (!(await stx.advanceCheckpoint(from, to))) throw new CheckpointMovedError(from.projection, from.generation);
    const tx = new PageTransaction(stx, lane.refs);
    for (let index = start; index < page.length; index += 1) {
      tx.validity = stamps[index - start]!;
      await lane.projection.apply(tx, page[index]!);
    }
    await tx.flush();
  });
  lane.checkpoint = to;
  return page.length - start;
}
