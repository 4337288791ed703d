import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { budgetStreamName } from '@ledger/fund-ledger/hospital-budget/hospital-budget.events';
import { ApproveFundBudgetCommand } from '@ledger/fund-ledger/allocation/approve-fund-budget/approve-fund-budget.command';
import { PLANNER, startStore, type StoreHarness } from '@ledger/fund-ledger/allocation/test/store-fixtures';
import { LedgerModule } from '@ledger/fund-ledger/ledger.module';
import { allocate } from './allocate';
import { closeYear } from './close-year';
import type { CliIo } from './ledger-session';

/** The CLI's allocate and close-year against a temp SQLite store (the session is the spec's: LedgerModule's buses). */
describe('ledger-cli allocate and close-year', () => {
  const FUND = 'WD-NCMS';
  let h: StoreHarness;
  let dir: string;
  let input: string;
  const out: string[] = [];
  const err: string[] = [];
  const io = (): CliIo => ({
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    progress: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream,
    openSession: async () => ({
      commands: h.commands,
      queries: h.queries,
      envelopes: h.envelopes,
      close: async () => {},
    }),
  });
  const run = async (command: typeof allocate, args: string[]) => {
    out.length = 0;
    err.length = 0;
    const code = await command(args, io());
    return { code, out: out.join(''), err: err.join('') };
  };
  const allocateArgs = (mode: '--dry-run' | '--commit') => [
    mode,
    '--fund',
    FUND,
    '--year',
    '2025',
    '--method',
    'share_of_history',
    '--input',
    input,
    '--method-version',
    'v1',
  ];

  beforeAll(async () => {
    h = await startStore({ modules: [LedgerModule] });
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-allocate-'));
    await h.registerFund(FUND);
    await h.registerPayees(['SONGCUN', 'H-TOWN-2', 'H-TOWN-3']);
    const budget = {
      fundId: FUND,
      year: 2025,
      totalForQuotasYuan: '120000000.00',
      basis: { projectedIncomeYuan: '120000000.00', reserveYuan: '0.00', excludedEarmarks: [] },
    };
    await h.commands.execute(new ApproveFundBudgetCommand(h.envelope(PLANNER, budget), budget));
    input = join(dir, 'run.json');
    const history = (perYear: string) => [2022, 2023, 2024].map((year) => ({ year, spendingYuan: perYear }));
    writeFileSync(
      input,
      JSON.stringify({
        params: { capIncreasePercent: null, floorDecreasePercent: null },
        hospitals: [
          { payeeId: 'SONGCUN', history: history('3925000.00') },
          { payeeId: 'H-TOWN-2', history: history('48075000.00') },
          { payeeId: 'H-TOWN-3', history: history('48000000.00') },
        ],
      }),
    );
  });

  afterAll(async () => {
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad usage with exit 2', async () => {
    expect((await run(allocate, ['--fund', FUND])).code).toBe(2);
    expect((await run(allocate, [...allocateArgs('--commit'), '--dry-run'])).code).toBe(2);
    expect((await run(closeYear, ['--year', '2025'])).code).toBe(2);
  });

  it('--dry-run prints the table (WE-1: 471万) and writes nothing', async () => {
    const before = await h.head();
    const result = await run(allocate, allocateArgs('--dry-run'));
    expect(result.code).toBe(0);
    expect(result.out).toContain('DRY RUN (nothing written)');
    expect(result.out).toMatch(/SONGCUN\s+method\s+11775000\.00\s+4710000\.000000\s+4710000\.00/);
    expect(result.out).toContain('allocated 120000000.00  unallocated 0.00');
    expect(result.out).toContain('a commit would be accepted');
    expect(await h.head()).toBe(before);
  });

  it('--commit records, applies and prints the counts; running it again resumes and appends nothing', async () => {
    const first = await run(allocate, allocateArgs('--commit'));
    expect(first.code).toBe(0);
    expect(first.out).toContain(`COMMITTED allocation-run-${FUND}-2025-v1 (appended; adopted)`);
    expect(first.out).toContain('set 3, adjusted 0, unchanged 0, already applied 0, failed 0');
    const [quotaSet] = await h.store.readStream(budgetStreamName(FUND, 'SONGCUN', 2025), { limit: 1 });
    expect(quotaSet).toMatchObject({ type: 'QuotaSet', data: { quotaYuan: '4710000.00' } });
    const head = await h.head();
    const again = await run(allocate, allocateArgs('--commit'));
    expect(again.code).toBe(0);
    expect(again.out).toContain('already committed, replayed');
    expect(again.out).toContain('already applied 3');
    expect(await h.head()).toBe(head);
  });

  it('close-year lists what it could not settle (exit 1), then closes and prints the report (exit 0); a closed year reprints it', async () => {
    const scoreOf = (payeeId: string) => h.recordScore(FUND, payeeId, 2025, '90', '2025-11-25');
    await scoreOf('SONGCUN');
    await scoreOf('H-TOWN-2');
    const args = ['--fund', FUND, '--year', '2025', '--date', '2026-01-05'];
    const incomplete = await run(closeYear, args);
    expect(incomplete.code).toBe(1);
    expect(incomplete.out).toContain('NOT CLOSED');
    expect(incomplete.out).toMatch(/H-TOWN-3\s+SCORE_MISSING/);
    await scoreOf('H-TOWN-3');
    const closed = await run(closeYear, args);
    expect(closed.code).toBe(0);
    expect(closed.out).toContain(`CLOSED ${FUND} 2025`);
    expect(closed.out).toContain('settled now 1, by an earlier attempt 2');
    expect(closed.out).toMatch(/surplus\s+3\s+120000000\.00/);
    const head = await h.head();
    const again = await run(closeYear, args);
    expect(again.code).toBe(0);
    expect(again.out).toContain('already closed: stored report');
    expect(await h.head()).toBe(head);
  });
});
