import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { JsonObject } from '@ledger/event-store';
import { deterministicUuid } from '@ledger/platform';
import {
  CloseFundYearCommand,
  type FundCloseOutcome,
} from '@ledger/fund-ledger/fund-close/close-fund-year/close-fund-year.command';
import type { FundCloseReport } from '@ledger/fund-ledger/fund-close/fund-close.report';
import { ProgressBar } from '../progress';
import { type CliIo, cliPrincipal, describeRefusal, formatTable, processIo } from './ledger-session';

export const CLOSE_YEAR_USAGE = `  close-year --fund <id> --year <yyyy> [--payees <a,b,c | file.json>] [--date <yyyy-mm-dd>] [--actor <name>] [--command-id <uuid>] [--limit <n>] [--json]
         Year-end close of a fund: settles every hospital-year (default: the hospitals of the allocation run in force),
         carrying credits and receivables into next year, then records FundYearClosed. Idempotent: run it again to
         finish after fixing a refused hospital (e.g. a missing score); a closed year prints its report.
         Exit 0 closed, 1 not closed (failures listed) or refused, 2 usage.`;

/** `ledger-cli close-year …` — returns the exit code. */
export async function closeYear(args: string[], io: CliIo = processIo()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        fund: { type: 'string' },
        year: { type: 'string' },
        payees: { type: 'string' },
        date: { type: 'string' },
        actor: { type: 'string' },
        'command-id': { type: 'string' },
        limit: { type: 'string', default: '50' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${CLOSE_YEAR_USAGE}\n`);
    return 2;
  }
  const usage = (problem: string): number => {
    io.err(`close-year: ${problem}\n${CLOSE_YEAR_USAGE}\n`);
    return 2;
  };
  if (!values.fund || !values.year) return usage('--fund and --year are required');
  if (!/^\d{4}$/.test(values.year)) return usage('--year must be a year, e.g. 2025');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0) return usage('--limit must be a non-negative integer (0: every hospital)');
  let payeeIds: string[] | null = null;
  if (values.payees) {
    try {
      payeeIds = values.payees.endsWith('.json')
        ? (JSON.parse(readFileSync(values.payees, 'utf8')) as string[])
        : values.payees.split(',').map((p) => p.trim());
    } catch (error) {
      return usage(`cannot read ${values.payees}: ${(error as Error).message}`);
    }
  }
  return settleAndClose(io, { ...values, fund: values.fund, year: values.year }, limit, payeeIds);
}

async function settleAndClose(
  io: CliIo,
  values: { fund: string; year: string; date?: string; actor?: string; 'command-id'?: string; json?: boolean },
  limit: number,
  payeeIds: string[] | null,
): Promise<number> {
  const year = Number(values.year);
  const body: JsonObject = { fundId: values.fund, year, ...(payeeIds ? { payeeIds } : {}) };
  // One id per fund-year (and payee list): running the command again continues the same close.
  const commandId =
    values['command-id'] ??
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
