import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  EventImportRefusedError,
  MAX_PAGE_SIZE,
  verifyAll,
  type ChainBreak,
  type EventStore,
  type ImportEvent,
  type JsonValue,
  type RecordedEvent,
  type VerifyReport,
} from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { Decimal } from '@ledger/money';
import { openSqliteReadStore } from '@ledger/read-store/sqlite';
import { LIVE_PROJECTIONS } from '@ledger/fund-ledger/read-models/live-projections';
import {
  carryForwardState,
  fundBalancesState,
  hospitalBudgetsState,
  journalState,
  overBudgetSharingState,
  rebuildReadModels,
} from '@ledger/fund-ledger/read-models/durable/report-states';
import { trialBalance, type Journal } from '@ledger/fund-ledger/journal/journal.fold';
import { ProgressBar } from '../progress';
import { writeOut } from '../output';
import type { ExportManifest, ExportedEvent } from './export-log';
import { checkManifestSignature, type SignatureCheck } from './manifest-signature';
import { checkReplayArguments } from './replay-arguments';

/** The first thing wrong with the copy: a refused import (the log itself is broken) or a broken chain link. */
export interface ReplayBreak extends Omit<ChainBreak, 'cause'> {
  cause: ChainBreak['cause'] | 'position_not_increasing' | 'malformed_line';
}

export interface ReplayVerify extends Omit<VerifyReport, 'firstBreak'> {
  firstBreak?: ReplayBreak;
}

export interface ReplayReport {
  /** Every check passed: the exit code is 0 exactly when this is true. */
  ok: boolean;
  imported: number;
  manifestSha256Matches: boolean;
  /** The copy's last position is the manifest's: positions are kept as recorded, gaps included. */
  lastPositionMatchesManifest: boolean;
  /** Every re-chained hash equals the exported one: the file was not edited after export. */
  hashesMatchExport: boolean;
  firstHashMismatch: { stream: string; revision: string } | null;
  /** As `cli verify` reports it; an import refused at a revision gap or a position out of order is its first break. */
  verify: ReplayVerify;
  headPosition: string;
  /** Null when the integrity checks failed: figures are only computed from a log that verifies. */
  trialBalance: ReturnType<typeof trialBalance> | null;
  /**
   * Every live projection rebuilt from the imported log, as its snapshot JSON with every amount a two-decimal
   * yuan string named with its unit last (see reportFigures); null when the integrity checks failed.
   */
  projections: Record<string, JsonValue> | null;
}

/** Events per importRecorded call (one SQLite transaction each). */
const IMPORT_BATCH = 500;

export interface ReplayFlags {
  from: string;
  to: string;
  /** The ledger's Ed25519 public key (PEM file): the manifest's signature is checked with it. */
  publicKey?: string;
}

/**
 * `cli replay`: returns the exit code (0 ok, 1 a check failed) after the report is written out; a bad
 * invocation (missing export, existing target, unreadable key) is a UsageError (exit 2) before any work.
 */
export async function replayCommand(flags: ReplayFlags): Promise<number> {
  const { manifest, publicKey } = checkReplayArguments(flags);
  const signature: SignatureCheck = publicKey ? checkManifestSignature(manifest, publicKey) : 'not checked';
  const count = typeof manifest['count'] === 'number' ? manifest['count'] : undefined;
  const bar = new ProgressBar('replaying', count);
  const report = await replayExport(flags.from, flags.to, (n) => bar.update(n));
  bar.finish();
  const signed = signature === 'not checked' || signature.signatureValid;
  await writeOut(`${JSON.stringify({ ...report, ok: report.ok && signed, signature }, null, 2)}\n`);
  return report.ok && signed ? 0 : 1;
}

/**
 * Imports an export into a fresh embedded store (an auditor's laptop), every event at its recorded
 * position and time and re-chained by the store, then rebuilds every projection from it. Keeping the
 * positions makes the copy answer as-of-position reads exactly as the live store (whose positions have
 * gaps after rolled-back transactions on PostgreSQL).
 */
export async function replayExport(file: string, targetPath: string, onProgress?: (n: number) => void): Promise<ReplayReport> {
  if (existsSync(targetPath)) throw new Error(`${targetPath} exists: replay needs a fresh store`);
  const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as ExportManifest;
  const store = SqliteEventStore.open({ path: targetPath, synchronous: 'NORMAL' }); // a scratch copy: rebuildable from the file
  try {
    const imported = await importLines(store, file, onProgress);
    const headPosition = await store.headPosition();
    const manifestSha256Matches = imported.sha256 === manifest.sha256 && imported.lines === manifest.count;
    const hashCheck = imported.broken ? null : await compareHashes(store, file);
    const verify: ReplayVerify = imported.broken ?? (await verifyAll(store));
    const lastPositionMatchesManifest = (headPosition < 0n ? null : headPosition.toString()) === manifest.lastPosition;
    const hashesMatchExport = !imported.broken && hashCheck === null;
    const intact = manifestSha256Matches && lastPositionMatchesManifest && hashesMatchExport && verify.ok;
    const rebuilt = intact ? await rebuildProjections(store, `${targetPath}.read-models.db`) : null;
    const balance = rebuilt ? trialBalance(rebuilt.journal) : null;
    return {
      ok: intact && balance?.ok === true,
      imported: imported.count,
      manifestSha256Matches,
      lastPositionMatchesManifest,
      hashesMatchExport,
      firstHashMismatch: hashCheck,
      verify,
      headPosition: headPosition.toString(),
      trialBalance: balance,
      projections: rebuilt ? rebuilt.projections : null,
    };
  } finally {
    await store.close();
  }
}

/**
 * Rebuilds the durable read models from the copy into a read store of their own beside it (the engine and
 * the projections the service runs: the same code produces the live figures), then reports each one's
 * state in its snapshot JSON (LIVE_PROJECTIONS' toJson: the report's format, not its fold).
 */
async function rebuildProjections(store: EventStore, readPath: string): Promise<{ projections: Record<string, JsonValue>; journal: Journal }> {
  rmSync(readPath, { force: true });
  const readStore = await openSqliteReadStore({ path: readPath, synchronous: 'NORMAL' }); // scratch: rebuildable
  try {
    const engine = await rebuildReadModels(store, readStore);
    const states: Record<string, unknown> = {
      journal: await journalState(engine, store),
      'hospital-budgets': await hospitalBudgetsState(engine, store),
      'carry-forward': await carryForwardState(engine, store),
      'over-budget-sharing': await overBudgetSharingState(engine, store),
      'fund-balances': await fundBalancesState(engine, store),
    };
    await engine.stop();
    const projections: Record<string, JsonValue> = {};
    for (const projection of LIVE_PROJECTIONS) {
      if (!(projection.name in states)) throw new Error(`no durable read model for ${projection.name}`);
      projections[projection.name] = reportFigures(projection.toJson(states[projection.name]));
    }
    return { projections, journal: states['journal'] as Journal };
  } finally {
    await readStore.close();
  }
}

interface Imported {
  /** Events imported into the copy. */
  count: number;
  /** Non-empty lines in the file (the manifest's count). */
  lines: number;
  sha256: string;
  /** Set when the import stopped: the log in the file is broken there. */
  broken?: ReplayVerify;
}

/** Reads the whole file (for its sha256) and imports it batch by batch until the first refusal. */
async function importLines(store: SqliteEventStore, file: string, onProgress?: (n: number) => void): Promise<Imported> {
  const hash = createHash('sha256');
  const streams = new Set<string>();
  const result: Imported = { count: 0, lines: 0, sha256: '' };
  let batch: ImportEvent[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length > 0 && !result.broken) result.broken = await importBatch(store, batch, result.count, streams);
    if (!result.broken) result.count += batch.length;
    batch = [];
    onProgress?.(result.count);
  };
  for await (const line of readLines(file)) {
    if (line.length === 0) continue;
    hash.update(`${line}\n`, 'utf8');
    result.lines += 1;
    if (result.broken) continue; // keep hashing: the manifest check still says whether the file is the export
    const event = parseLine(line, result.lines);
    if ('cause' in event) {
      await flush(); // the lines before it are the log up to the break
      result.broken ??= brokenAt(event, result.count + 1, streams.size);
      continue;
    }
    batch.push(event);
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  await flush();
  result.sha256 = hash.digest('hex');
  return result;
}

/** One batch; a refusal becomes the report's first break, anything else (disk, bug) propagates. */
async function importBatch(store: SqliteEventStore, batch: ImportEvent[], before: number, streams: Set<string>): Promise<ReplayVerify | undefined> {
  try {
    await store.importRecorded(batch);
    for (const event of batch) streams.add(event.stream);
    return undefined;
  } catch (error) {
    if (!(error instanceof EventImportRefusedError)) throw error;
    const index = batch.findIndex((event) => event.id === error.at.eventId);
    for (const event of batch.slice(0, index + 1)) streams.add(event.stream);
    const { stream, revision, position, eventId } = error.at;
    const at = { stream, revision: revision.toString(), position: position.toString(), eventId };
    return brokenAt({ ...at, cause: error.reason, detail: error.detail }, before + index + 1, streams.size);
  }
}

function brokenAt(firstBreak: ReplayBreak, eventsChecked: number, streamsChecked: number): ReplayVerify {
  return { ok: false, eventsChecked, streamsChecked, firstBreak };
}

/** One export line as an import, or the break it is when it cannot be one. */
function parseLine(line: string, lineNumber: number): ImportEvent | ReplayBreak {
  try {
    const e = JSON.parse(line) as ExportedEvent;
    return {
      id: e.id,
      stream: e.stream,
      revision: BigInt(e.revision),
      position: BigInt(e.position),
      type: e.type,
      data: e.data,
      metadata: e.metadata,
      recordedAt: new Date(e.recordedAt),
    };
  } catch (error) {
    const detail = `line ${lineNumber} is not an exported event: ${error instanceof Error ? error.message : String(error)}`;
    return { stream: '', revision: '', position: '', eventId: '', cause: 'malformed_line', detail };
  }
}

function readLines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

/**
 * The first event whose hash, recomputed on import, differs from the exported one. Positions are kept,
 * so the copy's global log is the file, line by line: one paged read alongside the file.
 */
async function compareHashes(store: EventStore, file: string): Promise<{ stream: string; revision: string } | null> {
  let page: RecordedEvent[] = [];
  let next = 0;
  let after: bigint | undefined;
  for await (const line of readLines(file)) {
    if (line.length === 0) continue;
    const exported = JSON.parse(line) as ExportedEvent;
    if (next === page.length) {
      page = await store.readAll({ after, limit: MAX_PAGE_SIZE });
      next = 0;
    }
    const stored = page[next];
    next += 1;
    after = stored?.position ?? after;
    if (!stored || stored.id !== exported.id || stored.metadata.hash !== exported.metadata.hash) {
      return { stream: exported.stream, revision: exported.revision };
    }
  }
  return null;
}

/** A decimal number as JSON carries it in a snapshot: no exponent, no sign but '-'. */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
/**
 * Keys whose decimal values are not money: positions, ratios, rates, scores, multipliers, counters. Matched
 * as the whole key or its last camelCase word (`fundShareRatio`), so `clawbacksInYear` stays an amount.
 */
const NOT_AN_AMOUNT = /(^|[a-z])(position|ratio|rates?|percent|points|score|multiplier|count|version|tier)$/i;
/** Identifiers that may be all digits (a payee id, a case reference): camelCase suffixes, so `prepaid` is not `…Id`. */
const AN_IDENTIFIER = /(^id|Id|Ids|Ref|Code|No)$/;

/**
 * The report's form of a projection's snapshot JSON: every amount (a decimal string under a key that is
 * not a position, ratio, rate, score or counter) becomes a two-decimal yuan string and its key gets the
 * unit last (`debit` -> `debitYuan`, `cash` -> `cashYuan`). Other values are unchanged. Snapshots keep
 * Decimal.toString() ("36000000") for a lossless round trip; the report is for people and their tools.
 */
export function reportFigures(value: JsonValue, key = ''): JsonValue {
  if (Array.isArray(value)) return value.map((item) => reportFigures(item, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [name, member] of Object.entries(value)) {
      const amount = isAmount(name, member);
      out[amount && !name.endsWith('Yuan') ? `${name}Yuan` : name] = amount ? new Decimal(member as string).toFixed(2) : reportFigures(member, name);
    }
    return out;
  }
  return value;
}

function isAmount(key: string, value: JsonValue): boolean {
  if (typeof value !== 'string' || !DECIMAL_TEXT.test(value) || NOT_AN_AMOUNT.test(key) || AN_IDENTIFIER.test(key)) return false;
  const places = value.split('.')[1]?.length ?? 0;
  return places <= 2; // more places than the fen: a ratio, whatever its name
}
