import { Decimal, sum, yuan } from '@ledger/money';
import type { FundCloseOutcome } from '@ledger/fund-ledger/fund-close/close-fund-year/close-fund-year.command';
import type { AllocationCommitResult } from '@ledger/fund-ledger/allocation/commit-allocation-run/commit-allocation-run.command';
import { DEMO_YEAR } from './demo-city';
import type { DemoPlan } from './demo-plan';

/** What the commands answered, gathered while the plan runs. */
export interface DemoOutcomes {
  appended: number;
  replayed: number;
  closes: FundCloseOutcome[];
  allocation: AllocationCommitResult | null;
}

export interface DemoSummary {
  complete: boolean;
  commands: { total: number; appended: number; replayed: number };
  events: { inStore: number; headPositionBefore: string; headPosition: string };
  funds: string[];
  hospitals: number;
  hospitalYears: number;
  year: number;
  byFund: Array<{ fundId: string; hospitalYears: number; quotaYuan: string; claimedYuan: string }>;
  contributions: { payrollBaseYuan: string; residentIncomeYuan: string };
  yearEnd: Array<{ fundId: string; status: string; overrun: number; surplus: number; balanced: number; actualYuan: string | null; fundNetCostYuan: string | null }>;
  nextYear: { runId: string | null; poolYuan: string; allocatedYuan: string | null; applied: boolean };
  text: string;
}

const amountsOf = (plan: DemoPlan, keyPrefix: string, field: string, fundId?: string): Decimal =>
  sum(
    plan.phases.flatMap((phase) =>
      phase.lanes.flatMap((lane) =>
        lane
          .filter((s) => s.key.startsWith(keyPrefix) && (fundId === undefined || s.body['fundId'] === fundId))
          .map((s) => new Decimal(String(s.body[field]))),
      ),
    ),
  );

export function demoSummary(plan: DemoPlan, outcomes: DemoOutcomes, log: { before: bigint; after: bigint; events: number }): DemoSummary {
  const byFund = [...new Set(plan.hospitalYears.map((hy) => hy.fundId))].map((fundId) => {
    const years = plan.hospitalYears.filter((hy) => hy.fundId === fundId);
    return {
      fundId,
      hospitalYears: years.length,
      quotaYuan: yuan(sum(years.map((hy) => hy.quota))),
      claimedYuan: yuan(amountsOf(plan, 'settlement-', 'claimedYuan', fundId)),
    };
  });
  const yearEnd = outcomes.closes.map((c) =>
    c.status === 'closed'
      ? {
          fundId: c.report.fundId,
          status: c.status,
          overrun: c.report.totals.overrun.count,
          surplus: c.report.totals.surplus.count,
          balanced: c.report.totals.balanced.count,
          actualYuan: c.report.totals.actualYuan,
          fundNetCostYuan: c.report.totals.fundNetCostYuan,
        }
      : { fundId: c.fundId, status: c.status, overrun: 0, surplus: 0, balanced: 0, actualYuan: null, fundNetCostYuan: null },
  );
  const run = outcomes.allocation;
  const nextYear = {
    runId: run?.runId ?? null,
    poolYuan: plan.nextYearPoolYuan,
    allocatedYuan: run?.run.totals.allocatedYuan ?? null,
    applied: run?.application.complete ?? false,
  };
  const summary: Omit<DemoSummary, 'text'> = {
    complete: yearEnd.every((y) => y.status === 'closed') && nextYear.applied,
    commands: { total: outcomes.appended + outcomes.replayed, appended: outcomes.appended, replayed: outcomes.replayed },
    events: { inStore: log.events, headPositionBefore: log.before.toString(), headPosition: log.after.toString() },
    funds: [...plan.funds],
    hospitals: plan.hospitals,
    hospitalYears: plan.hospitalYears.length,
    year: DEMO_YEAR,
    byFund,
    contributions: {
      payrollBaseYuan: yuan(amountsOf(plan, 'payroll:', 'declaredBaseYuan')),
      residentIncomeYuan: yuan(amountsOf(plan, 'resident:', 'amountYuan')),
    },
    yearEnd,
    nextYear,
  };
  return { ...summary, text: summaryText(summary) };
}

function summaryText(s: Omit<DemoSummary, 'text'>): string {
  const lines = [
    `demo city ${s.complete ? 'seeded' : 'NOT complete'}: ${s.commands.total} commands (${s.commands.appended} appended, ${s.commands.replayed} already there), ${s.events.inStore} events in the store`,
    `funds ${s.funds.join(', ')}; ${s.hospitals} hospitals, ${s.hospitalYears} hospital-years in ${s.year}`,
    ...s.byFund.map((f) => `  ${f.fundId}: ${f.hospitalYears} hospital-years, quotas ${f.quotaYuan}, claimed ${f.claimedYuan}`),
    `contributions: payroll base ${s.contributions.payrollBaseYuan} (WE-7 split), resident income ${s.contributions.residentIncomeYuan}`,
    ...s.yearEnd.map(
      (y) =>
        `  year-end ${y.fundId}: ${y.status}, overrun ${y.overrun}, surplus ${y.surplus}, balanced ${y.balanced}, actual ${y.actualYuan ?? '-'}, fund net cost ${y.fundNetCostYuan ?? '-'}`,
    ),
    `${s.year + 1}: ${s.nextYear.runId ?? 'no run'}, pool ${s.nextYear.poolYuan}, allocated ${s.nextYear.allocatedYuan ?? '-'}${s.nextYear.applied ? ', applied to every budget' : ', NOT fully applied'}`,
    'explore: npm start, then /docs, GET /hospital-budgets/summary?fundId=EMP-POOLED&year=2025, GET /journal/trial-balance',
  ];
  return `${lines.join('\n')}\n`;
}
