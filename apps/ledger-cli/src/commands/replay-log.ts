import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { verifyAll, type AppendResult, type EventStore, type JsonObject, type VerifyReport } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { foldAllUpTo } from '@ledger/projections';
import { LIVE_PROJECTIONS } from '@ledger/fund-ledger/read-models/live-projections';
import { trialBalance, type Journal } from '@ledger/fund-ledger/journal/journal.fold';
import type { ExportManifest, ExportedEvent } from './export-log';

export interface ReplayReport {
  imported: number;
  manifestSha256Matches: boolean;
  /** Every re-chained hash equals the exported one: the file was not edited after export. */
  hashesMatchExport: boolean;
  firstHashMismatch: { stream: string; revision: string } | null;
  verify: VerifyReport;
  headPosition: string;
  /** Null when the integrity checks failed: figures are only computed from a log that verifies. */
  trialBalance: ReturnType<typeof trialBalance> | null;
  /** Every live projection rebuilt from the imported log, as JSON (null when the integrity checks failed). */
  projections: Record<string, unknown> | null;
}

const IN_FLIGHT = 512;

/**
 * Imports an export into a fresh embedded store (an auditor's laptop), re-chaining every stream, then
 * rebuilds every projection from it. Appends are pipelined: the SQLite adapter commits its queue in
 * order, so a stream's next revision can be queued before the previous one is acknowledged.
 */
export async function replayExport(file: string, targetPath: string, onProgress?: (n: number) => void): Promise<ReplayReport> {
  if (existsSync(targetPath)) throw new Error(`${targetPath} exists: replay needs a fresh store`);
  const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as ExportManifest;
  const store = SqliteEventStore.open({ path: targetPath, synchronous: 'NORMAL' }); // a scratch copy: rebuildable from the file
  try {
    const imported = await importLines(store, file, onProgress);
    const hashCheck = await compareHashes(store, file);
    const verify = await verifyAll(store);
    const manifestSha256Matches = imported.sha256 === manifest.sha256 && imported.count === manifest.count;
    const intact = manifestSha256Matches && hashCheck === null && verify.ok;
    const rebuilt = intact ? await rebuildProjections(store) : null;
    return {
      imported: imported.count,
      manifestSha256Matches,
      hashesMatchExport: hashCheck === null,
      firstHashMismatch: hashCheck,
      verify,
      headPosition: (await store.headPosition()).toString(),
      trialBalance: rebuilt ? trialBalance(rebuilt.journal) : null,
      projections: rebuilt ? rebuilt.projections : null,
    };
  } finally {
    await store.close();
  }
}

async function rebuildProjections(store: EventStore): Promise<{ projections: Record<string, unknown>; journal: Journal }> {
  const projections: Record<string, unknown> = {};
  let journal: Journal | undefined;
  const { states } = await foldAllUpTo(LIVE_PROJECTIONS, store, undefined); // one pass feeds them all
  LIVE_PROJECTIONS.forEach((projection, index) => {
    projections[projection.name] = projection.toJson(states[index]);
    if (projection.name === 'journal') journal = states[index] as Journal;
  });
  if (!journal) throw new Error('the journal projection is not registered');
  return { projections, journal };
}

async function importLines(store: EventStore, file: string, onProgress?: (n: number) => void): Promise<{ count: number; sha256: string }> {
  const hash = createHash('sha256');
  const pending = new Set<Promise<AppendResult>>();
  let count = 0;
  let failure: unknown;
  for await (const line of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    if (line.length === 0) continue;
    hash.update(`${line}\n`, 'utf8');
    const event = JSON.parse(line) as ExportedEvent;
    const revision = BigInt(event.revision);
    const { prevHash: _p, hash: _h, ...metadata } = event.metadata;
    const append = store.append(event.stream, [{ id: event.id, type: event.type, data: event.data, metadata: metadata as JsonObject }], revision === 0n ? 'no_stream' : revision - 1n);
    pending.add(append);
    append.then(
      () => pending.delete(append),
      (error: unknown) => {
        failure ??= error;
        pending.delete(append);
      },
    );
    count += 1;
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
    if (failure) throw failure;
    if (count % 10_000 === 0) onProgress?.(count);
  }
  await Promise.allSettled([...pending]);
  if (failure) throw failure;
  onProgress?.(count);
  return { count, sha256: hash.digest('hex') };
}

/** The first event whose hash, recomputed on import, differs from the exported one. */
async function compareHashes(store: EventStore, file: string): Promise<{ stream: string; revision: string } | null> {
  for await (const line of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    if (line.length === 0) continue;
    const exported = JSON.parse(line) as ExportedEvent;
    const [stored] = await store.readStream(exported.stream, { fromRevision: BigInt(exported.revision), limit: 1 });
    if (!stored || stored.metadata.hash !== exported.metadata.hash) return { stream: exported.stream, revision: exported.revision };
  }
  return null;
}
