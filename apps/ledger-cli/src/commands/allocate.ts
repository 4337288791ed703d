import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
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
import { type CommandFactory, dateArg, integerIn, runSingle, yearArg } from '../cli-kit';
import { ProgressBar } from '../progress';
import { UsageError } from '../usage-error';
import {
  type CliIo,
  cliPrincipal,
  describeRefusal,
  formatTable,
  type LedgerSession,
  processIo,
} from './ledger-session';

const DEFAULT_LIMIT = 50;
const METHODS = ['share_of_history', 'per_capita_history', 'class_per_case'] as const;

interface AllocateFlags {
  dryRun?: boolean;
  commit?: boolean;
  fund: string;
  year: number;
  method: string;
  input: string;
  methodVersion?: string;
  date?: string;
  actor?: string;
  commandId?: string;
  limit: number;
  json?: boolean;
}

export const allocateCommand: CommandFactory = (io, exitWith) =>
  new Command('allocate')
    .description(
      'Annual quota allocation run. --dry-run previews the table (writes nothing); --commit records the run (one event), ' +
        "puts it in force and applies it to every hospital's budget stream (idempotent: run it again to resume). The input " +
        'file is the run body (params, hospitals[], historyFrom, inputSource/importId, supersedes) or just the hospitals[] array. ' +
        'Exit 0 ok, 1 refused or not fully applied, 2 usage.',
    )
    .addOption(new Option('--dry-run', 'preview only').conflicts('commit'))
    .option('--commit', 'record and apply the run')
    .requiredOption('--fund <id>', 'the fund')
    .requiredOption('--year <yyyy>', 'the budget year', yearArg)
    .addOption(new Option('--method <method>', 'the allocation method').choices(METHODS).makeOptionMandatory())
    .requiredOption('--input <file.json>', 'the run body or the hospitals[] array')
    .option('--method-version <v>', 'names the run (else methodVersion in the input file)')
    .option('--date <yyyy-mm-dd>', 'the effective date', dateArg)
    .option('--actor <name>', 'the actor recorded on the events')
    .option('--command-id <uuid>', 'the command id (default: derived from the input, so a rerun resumes)')
    .option('--limit <n>', 'lines shown, 0 for all', integerIn(0, 1_000_000), DEFAULT_LIMIT)
    .option('--json', 'print the result as JSON')
    .action(async (flags: AllocateFlags) => exitWith(await allocateRun(flags, io)));

/** `ledger-cli allocate …` from argv (the specs call it so) — returns the exit code. */
export function allocate(args: string[], io: CliIo = processIo()): Promise<number> {
  return runSingle(allocateCommand, args, io);
}

async function allocateRun(flags: AllocateFlags, io: CliIo): Promise<number> {
  const request = readRequest(flags);
  const session = await io.openSession();
  try {
    return request.flags.dryRun ? await dryRun(session, io, request) : await commit(session, io, request);
  } catch (error) {
    const refusal = describeRefusal(error);
    if (refusal === undefined) throw error;
    io.err(`allocate refused: ${refusal}\n`);
    return 1;
  } finally {
    await session.close();
  }
}

/** What the flags and the input file ask for, checked. */
interface AllocateRequest {
  readonly flags: AllocateFlags;
  readonly limit: number;
  /** The input file as read: its hash names the command. */
  readonly text: string;
  readonly body: AllocationRunRequestBody;
}

/** The request, checked; a usage error (exit 2) names the problem. */
function readRequest(values: AllocateFlags): AllocateRequest {
  const usage = (problem: string): never => {
    throw new UsageError(problem);
  };
  if (Boolean(values.dryRun) === Boolean(values.commit)) return usage('give exactly one of --dry-run and --commit');
  const limit = values.limit;
  let text: string;
  let file: unknown;
  try {
    text = readFileSync(values.input, 'utf8');
    file = JSON.parse(text);
  } catch (error) {
    return usage(`cannot read ${values.input}: ${(error as Error).message}`);
  }
  const fromFile = (Array.isArray(file) ? { hospitals: file } : (file as Record<string, unknown>)) ?? {};
  const fixed = { fundId: values.fund, year: values.year, method: values.method };
  for (const [key, value] of Object.entries(fixed)) {
    if (fromFile[key] !== undefined && fromFile[key] !== value)
      return usage(`the input file says ${key} ${String(fromFile[key])}, the flags ${String(value)}`);
  }
  const methodVersion = values.methodVersion ?? fromFile['methodVersion'];
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
    flags.commandId ??
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
