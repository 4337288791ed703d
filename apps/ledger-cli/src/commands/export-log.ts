import { createHash } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { MAX_PAGE_SIZE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { loadConfig, openEventStore } from '@ledger/platform';
import { ProgressBar } from '../progress';
import { writeErr, writeOut } from '../output';

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
}

export interface ExportOptions {
  fundId?: string;
  year?: number;
  onProgress?: (exported: number, position: bigint) => void;
}

export const EXPORT_USAGE = `  export --out <file.ndjson> [--fund <fundId> --year <yyyy>]
         The whole log (or one fund-year's streams plus the registry) as NDJSON, with <file>.manifest.json
         holding the count, the last position and the file's sha256.`;

/** `cli export` on the configured store: returns the exit code after the manifest is written out. */
export async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, fund: { type: 'string' }, year: { type: 'string' } } });
  if (!values.out || (values.fund === undefined) !== (values.year === undefined) || (values.year && !/^\d{4}$/.test(values.year))) {
    await writeErr('export needs --out <file>, and --fund with --year (yyyy) together or neither\n');
    return 2;
  }
  const store = await openEventStore(loadConfig());
  try {
    const head = await store.headPosition();
    const bar = new ProgressBar('exporting', head > 0n ? Number(head) : undefined);
    const manifest = await exportLog(store, values.out, {
      fundId: values.fund,
      year: values.year ? Number(values.year) : undefined,
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
  const manifest: ExportManifest = {
    format: 'yibao-ledger-export/1',
    file,
    count,
    lastPosition: lastPosition === null ? null : lastPosition.toString(),
    sha256: hash.digest('hex'),
    filter,
    exportedAt: new Date().toISOString(),
  };
  writeFileSync(`${file}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
