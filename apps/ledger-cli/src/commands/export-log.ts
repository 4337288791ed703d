import { createHash, type KeyObject } from 'node:crypto';
import { createWriteStream, existsSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { MAX_PAGE_SIZE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { loadConfig, openEventStore } from '@ledger/platform';
import { ProgressBar } from '../progress';
import { writeOut } from '../output';
import { UsageError } from '../usage-error';
import { signManifest, signingKeyFromEnv, type ManifestSignature } from './manifest-signature';

/** One line of an export: the event exactly as stored, positions and revisions as strings. */
export interface ExportedEvent {
  position: string;
  stream: string;
  revision: string;
  id: string;
  type: string;
  data: RecordedEvent['data'];
  metadata: RecordedEvent['metadata'];
  recordedAt: string;
}

export interface ExportManifest {
  format: 'yibao-ledger-export/1';
  file: string;
  count: number;
  lastPosition: string | null;
  sha256: string;
  filter: { fundId: string; year: number } | null;
  exportedAt: string;
  /** Ed25519 over the rest of the manifest (LEDGER_EXPORT_SIGNING_KEY); null when exported unsigned. */
  signature?: ManifestSignature | null;
}

export interface ExportOptions {
  fundId?: string;
  year?: number;
  onProgress?: (exported: number, position: bigint) => void;
  /** An Ed25519 private key: the manifest is signed with it. */
  signingKey?: KeyObject;
}

export interface ExportFlags {
  out: string;
  fund?: string;
  year?: number;
}

/** `cli export` on the configured store: returns the exit code after the manifest is written out. */
export async function exportCommand(flags: ExportFlags): Promise<number> {
  if ((flags.fund === undefined) !== (flags.year === undefined)) throw new UsageError('give --fund and --year together, or neither');
  const out = resolve(flags.out);
  if (!existsSync(dirname(out))) throw new UsageError(`the directory of --out ${flags.out} does not exist`);
  const signingKey = signingKeyFromEnv(); // a bad key stops the export before any work
  const store = await openEventStore(loadConfig());
  try {
    const head = await store.headPosition();
    const bar = new ProgressBar('exporting', head > 0n ? Number(head) : undefined);
    const manifest = await exportLog(store, flags.out, {
      fundId: flags.fund,
      year: flags.year,
      signingKey,
      onProgress: (_count, position) => bar.update(Number(position)),
    });
    bar.finish();
    await writeOut(`${JSON.stringify(manifest, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * Whole streams only: a fund-year export takes every stream that concerns the fund-year (its hospital
 * budgets, policy, contributions) and every registry stream (funds, payees), so that the replayed
 * hash chains verify and the figures can be recomputed from nothing else.
 */
export function streamBelongs(stream: string, fundId: string, year: number): boolean {
  return (
    stream.startsWith('fund-') ||
    stream.startsWith('payee-') ||
    (stream.startsWith(`budget-${fundId}.`) && (stream.endsWith(`.${year}`) || stream.endsWith(`.${year + 1}`))) ||
    stream === `policy-${fundId}-${year}` ||
    stream.startsWith(`contributions-${fundId}-${year}-`) ||
    stream === `contribution-rates-${fundId}-${year}`
  );
}

export function toExported(event: RecordedEvent): ExportedEvent {
  return {
    position: event.position.toString(),
    stream: event.stream,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}

/** Writes NDJSON (one event per line, global order) and `<file>.manifest.json` with its count and sha256. */
export async function exportLog(store: EventStore, file: string, options: ExportOptions = {}): Promise<ExportManifest> {
  const filter = options.fundId !== undefined && options.year !== undefined ? { fundId: options.fundId, year: options.year } : null;
  const out = createWriteStream(file, { encoding: 'utf8' });
  const hash = createHash('sha256');
  let count = 0;
  let lastPosition: bigint | null = null;
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: MAX_PAGE_SIZE });
    for (const event of page) {
      after = event.position;
      if (filter && !streamBelongs(event.stream, filter.fundId, filter.year)) continue;
      const line = `${JSON.stringify(toExported(event))}\n`;
      hash.update(line, 'utf8');
      if (!out.write(line)) await once(out, 'drain');
      count += 1;
      lastPosition = event.position;
    }
    if (after !== undefined) options.onProgress?.(count, after);
    if (page.length < MAX_PAGE_SIZE) break;
  }
  out.end();
  await once(out, 'finish');
  const unsigned: ExportManifest = {
    format: 'yibao-ledger-export/1',
    file,
    count,
    lastPosition: lastPosition === null ? null : lastPosition.toString(),
    sha256: hash.digest('hex'),
    filter,
    exportedAt: new Date().toISOString(),
  };
  const manifest: ExportManifest = { ...unsigned, signature: options.signingKey ? signManifest(unsigned, options.signingKey) : null };
  writeFileSync(`${file}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
