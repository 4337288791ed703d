import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_PAGE_SIZE, verifyAll } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { loadConfig } from '@ledger/platform';
import { runDemo } from '../../apps/ledger-cli/src/commands/demo';
import type { DemoSummary } from '../../apps/ledger-cli/src/commands/demo/demo-summary';
import { exportLog } from '../../apps/ledger-cli/src/commands/export-log';
import { type CliIo, type LedgerSession, openLedgerSession } from '../../apps/ledger-cli/src/commands/ledger-session';
import { replayExport } from '../../apps/ledger-cli/src/commands/replay-log';
import { UsageError } from '../../apps/ledger-cli/src/usage-error';

const configFor = (dir: string) =>
  loadConfig({
    LEDGER_SQLITE_PATH: join(dir, 'ledger.db'),
    LEDGER_JWT_SECRET: 'demo-spec-secret-0123456789abcdef0123456789',
    LEDGER_PROJECTIONS_PATH: ':memory:',
    LEDGER_LOG_LEVEL: 'silent',
  });

function capture(session: LedgerSession): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    progress: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream,
    openSession: async () => session,
  };
  return { io, out, err };
}

/** `cli demo` (issue #16): a small city through the real command path, deterministic and idempotent. */
describe('cli demo on a fresh store', () => {
  let dir: string;
  let session: LedgerSession;
  let first: DemoSummary;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-demo-'));
    session = await openLedgerSession(configFor(dir));
  });
  afterAll(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds funds, 50 hospitals, a year of money movements, the year-end close and next year\'s allocation', async () => {
    const { io, out, err } = capture(session);
    expect(await runDemo(session, io, { json: true })).toBe(0);
    expect(err.join('')).toBe('');
    first = JSON.parse(out.join('')) as DemoSummary;
    expect(first).toMatchObject({
      complete: true,
      funds: ['EMP-POOLED', 'EMP-PERSONAL', 'RES-POOLED', 'MATERNITY'],
      hospitals: 50,
      year: 2025,
      nextYear: { runId: 'allocation-run-EMP-POOLED-2026-v1', applied: true },
    });
    expect(first.commands.replayed).toBe(0);
    expect(first.events.inStore).toBeGreaterThan(2000);
    expect(first.yearEnd.map((y) => [y.fundId, y.status, y.overrun + y.surplus + y.balanced])).toEqual([
      ['EMP-POOLED', 'closed', 50],
      ['RES-POOLED', 'closed', first.byFund.find((f) => f.fundId === 'RES-POOLED')!.hospitalYears],
    ]);
    expect(first.yearEnd.every((y) => y.overrun > 0 && y.surplus > 0)).toBe(true); // a mix, not one outcome
    expect(first.nextYear.allocatedYuan).toBe(first.nextYear.poolYuan);
    const types = new Set<string>();
    for (let after: bigint | undefined, page = await session.store!.readAll({ limit: MAX_PAGE_SIZE }); page.length > 0; page = await session.store!.readAll({ after, limit: MAX_PAGE_SIZE })) {
      for (const event of page) types.add(event.type);
      after = page[page.length - 1]!.position;
    }
    for (const type of ['PayrollContributionCollected', 'ContributionCollected', 'PrepaymentDisbursed', 'MonthlySettlementPosted', 'ClawbackAssessed', 'LiquidatedDamagesAssessed', 'FineImposed', 'AssessmentScored', 'YearEndSettled', 'FundYearClosed', 'FundBudgetApproved', 'AllocationRunCommitted']) {
      expect({ type, present: types.has(type) }).toEqual({ type, present: true });
    }
  });

  it('balances: every hash chain verifies, and the replayed log\'s trial balance is zero', async () => {
    const store = session.store!;
    expect((await verifyAll(store)).ok).toBe(true);
    const file = join(dir, 'demo.ndjson');
    const manifest = await exportLog(store, file);
    const report = await replayExport(file, join(dir, 'auditor.db'));
    expect(report).toMatchObject({ ok: true, imported: manifest.count, hashesMatchExport: true });
    expect(report.trialBalance?.ok).toBe(true);
    expect(report.trialBalance?.total.balanceYuan).toBe('0.00');
  });

  it('a second run appends nothing (the same command ids) and prints the same figures', async () => {
    const head = await session.store!.headPosition();
    const { io, out } = capture(session);
    expect(await runDemo(session, io, { json: true })).toBe(0);
    const again = JSON.parse(out.join('')) as DemoSummary;
    expect(await session.store!.headPosition()).toBe(head);
    expect(again.commands).toEqual({ total: first.commands.total, appended: 0, replayed: first.commands.total });
    const figures = (s: DemoSummary) => ({ byFund: s.byFund, yearEnd: s.yearEnd, nextYear: s.nextYear, contributions: s.contributions });
    expect(figures(again)).toEqual(figures(first));
  });
});

describe('cli demo on a store that holds other events', () => {
  it('refuses, naming the first foreign event, and appends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-demo-foreign-'));
    const config = configFor(dir);
    const seed = SqliteEventStore.open({ path: config.sqlitePath });
    await seed.append('fund-OTHER', [{ id: randomUUID(), type: 'FundRegistered', data: { fundId: 'OTHER' }, metadata: { actor: 'zhang.san' } }], 'no_stream');
    await seed.close();
    const session = await openLedgerSession(config);
    try {
      const { io } = capture(session);
      await expect(runDemo(session, io)).rejects.toThrow(UsageError);
      await expect(runDemo(session, io)).rejects.toThrow(/already holds other events \(FundRegistered in fund-OTHER at position \d+, by zhang.san\).*--force/);
      expect((await session.store!.readAll({ limit: 10 })).length).toBe(1);
    } finally {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
