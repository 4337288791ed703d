import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { JsonObject } from '@ledger/event-store';
import { deterministicUuid } from '@ledger/platform';
import {
  CloseFundYearCommand,
  type FundCloseOutcome,
} from '@ledger/fund-ledger/fund-close/close-fund-year/close-fund-year.command';
import type { FundCloseReport } from '@ledger/fund-ledger/fund-close/fund-close.report';
import { type CommandFactory, dateArg, integerIn, runSingle, yearArg } from '../cli-kit';
import { ProgressBar } from '../progress';
import { UsageError } from '../usage-error';
import { type CliIo, cliPrincipal, describeRefusal, formatTable, processIo } from './ledger-session';

interface CloseYearFlags {
  fund: string;
  year: number;
  payees?: string;
  date?: string;
  actor?: string;
  commandId?: string;
  limit: number;
  json?: boolean;
}

export const closeYearCommand: CommandFactory = (io, exitWith) =>
  new Command('close-year')
    .description(
      'Year-end close of a fund: settles every hospital-year (default: the hospitals of the allocation run in force), carrying ' +
        'credits and receivables into next year, then records FundYearClosed. Idempotent: run it again to finish after fixing a ' +
        'refused hospital (e.g. a missing score); a closed year prints its report. Exit 0 closed, 1 not closed (failures listed) or refused, 2 usage.',
    )
    .requiredOption('--fund <id>', 'the fund')
    .requiredOption('--year <yyyy>', 'the budget year closed', yearArg)
    .option('--payees <list>', 'a,b,c or a .json file of payee ids (default: the run in force)')
    .option('--date <yyyy-mm-dd>', 'the effective date of the close', dateArg)
    .option('--actor <name>', 'the actor recorded on the events')
    .option('--command-id <uuid>', 'the command id (default: derived from the fund-year, so a rerun continues)')
    .option('--limit <n>', 'hospitals shown, 0 for all', integerIn(0, 1_000_000), 50)
    .option('--json', 'print the outcome as JSON')
    .action(async (flags: CloseYearFlags) => exitWith(await settleAndClose(io, flags, payeeList(flags.payees))));

/** `ledger-cli close-year …` from argv (the specs call it so) — returns the exit code. */
export function closeYear(args: string[], io: CliIo = processIo()): Promise<number> {
  return runSingle(closeYearCommand, args, io);
}

function payeeList(payees: string | undefined): string[] | null {
  if (!payees) return null;
  try {
    return payees.endsWith('.json') ? (JSON.parse(readFileSync(payees, 'utf8')) as string[]) : payees.split(',').map((p) => p.trim());
  } catch (error) {
    throw new UsageError(`cannot read ${payees}: ${(error as Error).message}`);
  }
}

async function settleAndClose(io: CliIo, values: CloseYearFlags, payeeIds: string[] | null): Promise<number> {
  const year = values.year;
  const limit = values.limit;
  const body: JsonObject = { fundId: values.fund, year, ...(payeeIds ? { payeeIds } : {}) };
  // One id per fund-year (and payee list): running the command again continues the same close.
  const commandId =
    values.commandId ??
    deterministicUuid(`cli:close-year:${values.fund}:${year}:${payeeIds?.join(',') ?? 'run-in-force'}`);
  const session = await io.openSession();
  try {
    const principal = cliPrincipal('finance', values.actor);
    const envelope = session.envelopes.internal(principal, commandId, body, undefined, values.date);
    let bar: ProgressBar | undefined;
    const outcome = await session.commands.execute(
      new CloseFundYearCommand(envelope, { fundId: values.fund, year, payeeIds }, (done, total) => {
        bar ??= new ProgressBar('settling hospital-years', total, io.progress);
        bar.update(done);
      }),
    );
    bar?.finish();
    io.out(values.json ? `${JSON.stringify(outcome, null, 2)}\n` : closeReport(outcome, limit));
    return outcome.status === 'closed' ? 0 : 1;
  } catch (error) {
    const refusal = describeRefusal(error);
    if (refusal === undefined) throw error;
    io.err(`close-year refused: ${refusal}\n`);
    return 1;
  } finally {
    await session.close();
  }
}

export function closeReport(outcome: FundCloseOutcome, limit: number): string {
  const s = outcome.settlements;
  const counts = `settled now ${s.settled}, by an earlier attempt ${s.replayed}, elsewhere ${s.settledElsewhere}, failed ${s.failed}\n`;
  if (outcome.status === 'incomplete') {
    const failures = formatTable(
      ['payeeId', 'code', 'message'],
      outcome.failures.map((f) => [f.payeeId, f.code, f.message]),
    );
    return `NOT CLOSED: ${outcome.fundId} ${outcome.year}, ${s.failed} of ${outcome.hospitals} hospital-years could not be settled\n${counts}${failures}fix them and run the same command again\n`;
  }
  return `CLOSED ${outcome.report.fundId} ${outcome.report.year}${outcome.replayed ? ' (already closed: stored report)' : ''}\n${counts}${reportTables(outcome.report, limit)}`;
}

function reportTables(report: FundCloseReport, limit: number): string {
  const t = report.totals;
  const totals = formatTable(
    ['outcome', 'hospitals', 'amount', 'fund share / retained', 'hospital share / carried'],
    [
      ['overrun', String(t.overrun.count), t.overrun.overrunYuan, t.overrun.fundShareYuan, t.overrun.hospitalShareYuan],
      ['surplus', String(t.surplus.count), t.surplus.surplusYuan, t.surplus.retainedYuan, t.surplus.carriedForwardYuan],
      ['balanced', String(t.balanced.count), '', '', ''],
    ],
  );
  const shown = limit === 0 ? report.hospitalResults : report.hospitalResults.slice(0, limit);
  const hospitals = formatTable(
    ['payeeId', 'outcome', 'quota', 'actual', 'final', 'carried forward'],
    shown.map((h) => [h.payeeId, h.outcome, h.quotaYuan, h.actualYuan, h.finalYuan, h.carryForwardCreditYuan]),
  );
  const more =
    shown.length < report.hospitalResults.length
      ? `(${shown.length} of ${report.hospitalResults.length}; --limit 0 shows all)\n`
      : '';
  return (
    `${report.hospitals} hospital-years (${report.payeeSource}${report.runId ? ` ${report.runId}` : ''}), dated ${report.effectiveDate}\n` +
    totals +
    `quota ${t.quotaYuan}  actual ${t.actualYuan}  entitlement ${t.entitlementYuan}  fund net cost ${t.fundNetCostYuan}\n` +
    `deposits withheld ${t.deposits.withheldYuan}, returned ${t.deposits.returnedYuan}, forfeited ${t.deposits.forfeitedYuan}\n` +
    `year-end payments ${t.yearEnd.paymentsYuan}, receivables ${t.yearEnd.receivablesYuan}, fund net payment ${t.yearEnd.netPaymentYuan}\n` +
    hospitals +
    more
  );
}
