import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ModuleMetadata } from '@nestjs/common';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { CommandPipeline, loadConfig, mintToken } from '@ledger/platform';
import { createApp } from '../../../apps/ledger-api/src/bootstrap';
import { DirectCommands, FUND, payeeId } from '../support/seed';
import { collectGarbage, pool } from '../support/measure';
import { naRow, errorText, type BenchOptions, type BenchRow } from '../support/types';

const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const HOSPITALS = 5_000;
const YEAR = 2025;
const ALLOCATION_TARGET_MS = 3_000;
const CLOSE_TARGET_MS = 5_000;

/** AllocationModule and FundCloseModule, if they exist (LedgerModule may not import them yet). */
function batchModules(): { modules: NonNullable<ModuleMetadata['imports']>; missing: string[] } {
  const modules: NonNullable<ModuleMetadata['imports']> = [];
  const missing: string[] = [];
  for (const [path, name] of [
    ['@ledger/fund-ledger/allocation/allocation.module', 'AllocationModule'],
    ['@ledger/fund-ledger/fund-close/fund-close.module', 'FundCloseModule'],
  ] as const) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = (require(path) as Record<string, unknown>)[name];
      if (exported) modules.push(exported as never);
      else missing.push(name);
    } catch {
      missing.push(name);
    }
  }
  return { modules, missing };
}

const threeYears = (i: number) =>
  [2022, 2023, 2024].map((year) => ({ year, spendingYuan: `${8_000_000 + ((i * 7919 + year) % 4_000_000)}.00` }));

/**
 * B8: an allocation run for 5,000 hospitals (POST /allocation-runs: commit the run and set 5,000 quotas)
 * and the fund's year-end close (POST /fund-closes: settle 5,000 hospital-years, close the fund-year),
 * through the real app in-process on SQLite FULL. Timed from request to response; setup (fund, payees,
 * agreements, fund budget, scores) is not timed.
 */
export async function runBatchGroup(_options: BenchOptions, log: (line: string) => void): Promise<BenchRow[]> {
  const { modules, missing } = batchModules();
  if (missing.length > 0) {
    return [
      naRow('B8', `allocation run, ${HOSPITALS} hospitals`, '<= 3 s', `not built yet (${missing.join(', ')} missing)`),
      naRow('B8', `year-end close, ${HOSPITALS} hospitals`, '<= 5 s', `not built yet (${missing.join(', ')} missing)`),
    ];
  }
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-b8-'));
  let app: NestFastifyApplication | undefined;
  const rows: BenchRow[] = [];
  try {
    const config = loadConfig({
      LEDGER_SQLITE_PATH: join(directory, 'ledger.db'),
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_LOG_LEVEL: 'silent',
      LEDGER_PROJECTIONS_PATH: join(directory, 'projections.db'),
      LEDGER_BODY_LIMIT_BYTES: String(4 * 1024 * 1024), // 5,000 inline hospital records are ~0.9 MiB
    });
    const store = SqliteEventStore.open({ path: config.sqlitePath, synchronous: 'FULL' });
    app = await createApp({ config, logger: pino({ level: 'silent' }), store, extraImports: modules });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const token = (role: 'planner' | 'finance') => mintToken(SECRET, config.jwtIssuer, 'bench', role);
    const post = async (url: string, body: Record<string, unknown>, role: 'planner' | 'finance') => {
      const response = await app!.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token(role)}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ commandId: randomUUID(), ...body }),
      });
      return { status: response.statusCode, body: JSON.parse(response.body || '{}') as Record<string, unknown> };
    };
    const t0 = Date.now();
    const direct = new DirectCommands(app.get(CommandPipeline));
    await direct.registerFund();
    await pool(64, HOSPITALS, (i) => direct.registerPayee(i)); // setup: large group commits
    const total = HOSPITALS * 10_000_000;
    const budget = await post(
      '/fund-budgets',
      {
        fundId: FUND,
        year: YEAR,
        totalForQuotasYuan: `${total}.00`,
        basis: {
          projectedIncomeYuan: `${total + 30_000_000}.00`,
          reserveYuan: '15000000.00',
          excludedEarmarks: [{ name: '单病种定额', amountYuan: '15000000.00' }],
        },
        effectiveDate: `${YEAR - 1}-12-10`,
      },
      'planner',
    );
    if (budget.status !== 201)
      throw new Error(`POST /fund-budgets: ${budget.status} ${JSON.stringify(budget.body).slice(0, 200)}`);
    log(
      `B8 seeded ${HOSPITALS} payees with agreements and the fund budget in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const run = {
      fundId: FUND,
      year: YEAR,
      method: 'share_of_history',
      methodVersion: 'v1',
      params: { capIncreasePercent: null, floorDecreasePercent: null },
      hospitals: Array.from({ length: HOSPITALS }, (_, i) => ({ payeeId: payeeId(i), history: threeYears(i) })),
      effectiveDate: `${YEAR - 1}-12-20`,
    };
    collectGarbage();
    let t = performance.now();
    const committed = await post('/allocation-runs', run, 'planner');
    const allocationMs = performance.now() - t;
    const application = committed.body['application'] as Record<string, unknown> | undefined;
    log(
      `B8 allocation run: ${committed.status} in ${allocationMs.toFixed(0)} ms; application ${JSON.stringify(application ?? committed.body).slice(0, 200)}`,
    );
    if (committed.status !== 201) {
      rows.push(
        naRow(
          'B8',
          `allocation run, ${HOSPITALS} hospitals`,
          '<= 3 s',
          `POST /allocation-runs answered ${committed.status}: ${JSON.stringify(committed.body).slice(0, 160)}`,
        ),
      );
    } else {
      rows.push({
        id: 'B8',
        label: `allocation run, ${HOSPITALS} hospitals (POST /allocation-runs: commit + ${HOSPITALS} QuotaSet)`,
        figure: allocationMs,
        unit: 'ms',
        baseline: null,
        baselineLabel: '',
        ratio: null,
        target: '<= 3 s',
        met: allocationMs <= ALLOCATION_TARGET_MS && application?.['complete'] === true,
        note: `${((HOSPITALS + 1) / (allocationMs / 1000)).toFixed(0)} appends/s; set ${String(application?.['set'])}, failed ${String(application?.['failed'])}`,
      });
    }
    // Scores (the close refuses a hospital-year without one), then the close.
    const t1 = Date.now();
    await pool(64, HOSPITALS, async (i) => {
      await direct.recordScore(i, YEAR, String(70 + (i % 30)));
    });
    log(`B8 scored ${HOSPITALS} hospital-years in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    collectGarbage();
    t = performance.now();
    const closed = await post(
      '/fund-closes',
      { fundId: FUND, year: YEAR, effectiveDate: `${YEAR + 1}-01-20` },
      'finance',
    );
    const closeMs = performance.now() - t;
    const settlements = closed.body['settlements'] as Record<string, unknown> | undefined;
    log(
      `B8 fund close: ${closed.status} in ${closeMs.toFixed(0)} ms; settlements ${JSON.stringify(settlements ?? closed.body).slice(0, 200)}`,
    );
    if (closed.status !== 201) {
      rows.push(
        naRow(
          'B8',
          `year-end close, ${HOSPITALS} hospitals`,
          '<= 5 s',
          `POST /fund-closes answered ${closed.status}: ${JSON.stringify(closed.body).slice(0, 160)}`,
        ),
      );
    } else {
      rows.push({
        id: 'B8',
        label: `year-end close, ${HOSPITALS} hospitals (POST /fund-closes: ${HOSPITALS} YearEndSettled + close)`,
        figure: closeMs,
        unit: 'ms',
        baseline: null,
        baselineLabel: '',
        ratio: null,
        target: '<= 5 s',
        met: closeMs <= CLOSE_TARGET_MS && closed.body['status'] === 'closed',
        note: `${(HOSPITALS / (closeMs / 1000)).toFixed(0)} hospital-years/s; status ${String(closed.body['status'])}; settlements ${JSON.stringify(settlements)}`,
      });
    }
  } catch (error) {
    if (!rows.some((r) => r.label.startsWith('allocation')))
      rows.push(naRow('B8', `allocation run, ${HOSPITALS} hospitals`, '<= 3 s', errorText(error)));
    if (!rows.some((r) => r.label.startsWith('year-end')))
      rows.push(naRow('B8', `year-end close, ${HOSPITALS} hospitals`, '<= 5 s', errorText(error)));
  } finally {
    await app?.close().catch(() => undefined);
    rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}
