import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { JsonObject } from '@ledger/event-store';
import { deterministicUuid } from '@ledger/platform';
import { type AllocationLineView, lineView, runLines } from '@ledger/fund-ledger/allocation/allocation-run.events';
import type { AllocationRunRequestBody, RunSummary } from '@ledger/fund-ledger/allocation/allocation-run.body';
import {
  type AllocationCommitResult,
  CommitAllocationRunCommand,
} from '@ledger/fund-ledger/allocation/commit-allocation-run/commit-allocation-run.command';
import { GetAllocationRunQuery } from '@ledger/fund-ledger/allocation/get-allocation-run/get-allocation-run.query';
import {
  type AllocationPreview,
  PreviewAllocationRunQuery,
} from '@ledger/fund-ledger/allocation/preview-allocation-run/preview-allocation-run.query';
import { ProgressBar } from '../progress';
import {
  type CliIo,
  cliPrincipal,
  describeRefusal,
  formatTable,
  type LedgerSession,
  processIo,
} from './ledger-session';

export const ALLOCATE_USAGE = `  allocate (--dry-run | --commit) --fund <id> --year <yyyy> --method <share_of_history|per_capita_history|class_per_case>
           --input <file.json> [--method-version <v>] [--date <yyyy-mm-dd>] [--actor <name>] [--command-id <uuid>] [--limit <n>] [--json]
         Annual quota allocation run. --dry-run previews the table (writes nothing); --commit records the run (one event),
         puts it in force and applies it to every hospital's budget stream (idempotent: run it again to resume).
         The input file is the run body (params, hospitals[], historyFrom, inputSource/importId, supersedes) or just the
         hospitals[] array. Exit 0 ok, 1 refused or not fully applied, 2 usage.`;

const DEFAULT_LIMIT = 50;

const OPTIONS = {
  'dry-run': { type: 'boolean', default: false },
  commit: { type: 'boolean', default: false },
  fund: { type: 'string' },
  year: { type: 'string' },
  method: { type: 'string' },
  input: { type: 'string' },
  'method-version': { type: 'string' },
  date: { type: 'string' },
  actor: { type: 'string' },
  'command-id': { type: 'string' },
  limit: { type: 'string', default: String(DEFAULT_LIMIT) },
  json: { type: 'boolean', default: false },
} as const;

type AllocateFlags = ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];

/** What the flags and the input file ask for, checked. */
interface AllocateRequest {
  readonly flags: AllocateFlags;
  readonly limit: number;
  /** The input file as read: its hash names the command. */
  readonly text: string;
  readonly body: AllocationRunRequestBody;
}

/** `ledger-cli allocate …` — returns the exit code. */
export async function allocate(args: string[], io: CliIo = processIo()): Promise<number> {
  const request = readRequest(args, io);
  if (typeof request === 'number') return request;
  const session = await io.openSession();
  try {
    return request.flags['dry-run'] ? await dryRun(session, io, request) : await commit(session, io, request);
  } catch (error) {
    const refusal = describeRefusal(error);
    if (refusal === undefined) throw error;
    io.err(`allocate refused: ${refusal}\n`);
    return 1;
  } finally {
    await session.close();
  }
}

/** The request, or the exit code of a usage error (printed). */
function readRequest(args: string[], io: CliIo): AllocateRequest | number {
  let values: AllocateFlags;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${ALLOCATE_USAGE}\n`);
    return 2;
  }
  const usage = (problem: string): number => {
    io.err(`allocate: ${problem}\n${ALLOCATE_USAGE}\n`);
    return 2;
  };
  if (values['dry-run'] === values.commit) return usage('give exactly one of --dry-run and --commit');
  if (!values.fund || !values.year || !values.method || !values.input)
    return usage('--fund, --year, --method and --input are required');
  if (!/^\d{4}$/.test(values.year)) return usage('--year must be a year, e.g. 2025');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) return usage('--limit must be a non-negative integer (0: every line)');
  let text: string;
  let file: unknown;
  try {
    text = readFileSync(values.input, 'utf8');
    file = JSON.parse(text);
  } catch (error) {
    return usage(`cannot read ${values.input}: ${(error as Error).message}`);
  }
  const fromFile = (Array.isArray(file) ? { hospitals: file } : (file as Record<string, unknown>)) ?? {};
  const fixed = { fundId: values.fund, year: Number(values.year), method: values.method };
  for (const [key, value] of Object.entries(fixed)) {
    if (fromFile[key] !== undefined && fromFile[key] !== value)
      return usage(`the input file says ${key} ${String(fromFile[key])}, the flags ${String(value)}`);
  }
  const methodVersion = values['method-version'] ?? fromFile['methodVersion'];
  if (typeof methodVersion !== 'string')
    return usage('name the run: --method-version (or methodVersion in the input file)');
  const body = {
    ...fromFile,
    ...fixed,
    methodVersion,
    ...(values.date ? { effectiveDate: values.date } : {}),
  } as unknown as AllocationRunRequestBody;
  return { flags: values, limit, text, body };
}

async function dryRun(session: LedgerSession, io: CliIo, { flags, body, limit }: AllocateRequest): Promise<number> {
  const principal = cliPrincipal('planner', flags.actor);
  const preview = await session.queries.execute(new PreviewAllocationRunQuery(body, principal));
  io.out(flags.json ? `${JSON.stringify(preview, null, 2)}\n` : previewReport(preview, limit));
  return preview.commit.refusal === null ? 0 : 1;
}

async function commit(
  session: LedgerSession,
  io: CliIo,
  { flags, body, limit, text }: AllocateRequest,
): Promise<number> {
  const runId = `allocation-run-${body.fundId}-${body.year}-${body.methodVersion}`;
  // The same file and flags give the same command id: running the command again resumes, never duplicates.
  const commandId =
    flags['command-id'] ??
    deterministicUuid(`cli:allocate:${runId}:${createHash('sha256').update(text).digest('hex')}:${flags.date ?? ''}`);
  const json = JSON.parse(JSON.stringify(body)) as JsonObject;
  const principal = cliPrincipal('planner', flags.actor);
  const envelope = session.envelopes.internal(principal, commandId, json, undefined, flags.date);
  let bar: ProgressBar | undefined;
  const result = await session.commands.execute(
    new CommitAllocationRunCommand(envelope, body, (done, total) => {
      bar ??= new ProgressBar('applying quotas', total, io.progress);
      bar.update(done);
    }),
  );
  bar?.finish();
  if (flags.json) {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const run = await session.queries.execute(new GetAllocationRunQuery(body.fundId, body.year, result.runId));
    io.out(commitReport(result, runLines(run).map(lineView), limit));
  }
  return result.application.complete ? 0 : 1;
}

const dash = (value: string | null): string => value ?? '-';

function linesTable(lines: readonly AllocationLineView[], limit: number): string {
  const shown = limit === 0 ? lines : lines.slice(0, limit);
  const table = formatTable(
    [
      'payeeId',
      'basis',
      'weight/perCase',
      'exact',
      'quota',
      'last year',
      'change',
      'bound',
      'downgrade',
      'carried in',
      'effective',
    ],
    shown.map((l) => [
      l.payeeId,
      l.basis,
      l.weightYuan ?? l.perCaseYuan ?? '-',
      l.exactYuan,
      l.quotaYuan,
      dash(l.lastYearQuotaYuan),
      dash(l.changeYuan),
      l.bound ?? '',
      l.downgradePercent === null ? '' : `${l.downgradePercent}% ${l.downgradeYuan}`,
      l.carriedInYuan,
      l.effectiveQuotaYuan,
    ]),
  );
  const more = shown.length < lines.length ? `(${shown.length} of ${lines.length} lines; --limit 0 shows all)\n` : '';
  return table + more;
}

function totalsLine(run: RunSummary): string {
  const t = run.totals;
  return (
    `pool ${t.poolYuan}  allocated ${t.allocatedYuan}  unallocated ${t.unallocatedYuan}${t.withinPool ? '' : ' (ABOVE THE POOL)'}\n` +
    `hospitals ${t.hospitals}  base quota ${t.baseQuotaHospitals} (${t.baseQuotaYuan})  capped ${t.capped}  floored ${t.floored}  ` +
    `re-sharing rounds ${t.redistributionRounds}  downgraded ${t.downgraded} (held back ${t.downgradeHeldBackYuan})  ` +
    `carried in ${t.carriedInYuan}  effective ${t.effectiveYuan}\n`
  );
}

function heading(run: RunSummary): string {
  const supersedes = run.supersedes ? `  supersedes ${run.supersedes.runId}` : '';
  return `${run.runId}  ${run.method}  lookback ${run.params.lookbackYears.join(',')}  dated ${run.effectiveDate}${supersedes}\n`;
}

export function previewReport(preview: AllocationPreview, limit: number): string {
  const check = preview.commit.refusal
    ? `a commit would be REFUSED: ${preview.commit.refusal.code}${preview.commit.refusal.field ? ` ${preview.commit.refusal.field}` : ''}: ${preview.commit.refusal.message}\n`
    : preview.commit.alreadyCommitted
      ? `already committed${preview.commit.sameInputs ? ' with these inputs (a commit resumes its application)' : ''}\n`
      : 'a commit would be accepted\n';
  return `DRY RUN (nothing written)\n${heading(preview)}${linesTable(preview.lines, limit)}${totalsLine(preview)}${check}`;
}

export function commitReport(
  result: AllocationCommitResult,
  lines: readonly AllocationLineView[],
  limit: number,
): string {
  const a = result.application;
  const failures = a.failures.map((f) => `  ${f.payeeId}: ${f.code} ${f.message}\n`).join('');
  return (
    `COMMITTED ${result.runId} (${result.committed.replace('_', ' ')}${result.replayed ? ', replayed' : ''}; ${result.adoption.status.replace(/_/g, ' ')})\n` +
    heading(result.run) +
    linesTable(lines, limit) +
    totalsLine(result.run) +
    `applied to ${a.hospitals} budget streams: set ${a.set}, adjusted ${a.adjusted}, unchanged ${a.unchanged}, already applied ${a.alreadyApplied}, failed ${a.failed}\n` +
    (failures ? `failures (run the same command again once fixed):\n${failures}` : '')
  );
}
