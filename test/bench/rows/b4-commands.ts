import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QueryBus } from '@nestjs/cqrs';
import type { JsonObject } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { CommandPipeline, loadConfig, mintToken, type CommandResult, type ReadQuery } from '@ledger/platform';
import { RegistryLookups } from '@ledger/fund-ledger/registry/registry-lookups';
import { BudgetPolicyService } from '@ledger/fund-ledger/budget-policy/budget-policy.service';
import { GetTrialBalanceQuery } from '@ledger/fund-ledger/read-models/journal.queries';
import { createApp } from '../../../apps/ledger-api/src/bootstrap';
import { DirectCommands, bodies, payeeId, FUND } from '../support/seed';
import { collectGarbage, pool, summarise } from '../support/measure';
import { interleaved, roundsFor } from '../support/interleave';
import { storeContender } from './b1-sqlite';
import { naRow, ratioOf, errorText, type BenchOptions, type BenchRow } from '../support/types';

const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const HOSPITALS = 2_000;
const CALLERS = 16;
/** Setup only: more appends per group commit. */
const SETUP_CONCURRENCY = 64;
const YEAR = 2025;

interface Path {
  name: string;
  run(kind: 'prepay' | 'settle', hospital: number, month: number): Promise<string>;
}

/**
 * B4: commands end to end through the real app in-process (Nest + Fastify, SQLite FULL): 16 callers send
 * prepayments and monthly settlements for 2,000 hospitals; each caller waits until the journal projection
 * has applied its command's position before its next command. Uses POST /prepayments and /settlements
 * through app.inject (JWT, validation, controller, command bus, handler) when those routes exist, else
 * the handlers' work through CommandPipeline and the deciders (RegistryLookups + BudgetPolicyService from
 * the app's container).
 */
export async function runCommandsGroup(
  options: BenchOptions & { b1Rate?: number },
  log: (line: string) => void,
): Promise<BenchRow[]> {
  const target = '>= 5,000 commands/s';
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-b4-'));
  let app: NestFastifyApplication | undefined;
  try {
    const config = loadConfig({
      LEDGER_SQLITE_PATH: join(directory, 'ledger.db'),
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_LOG_LEVEL: 'silent',
      LEDGER_PROJECTIONS_PATH: join(directory, 'projections.db'),
    });
    const store = SqliteEventStore.open({ path: config.sqlitePath, synchronous: 'FULL' });
    app = await createApp({ config, logger: pino({ level: 'silent' }), store });
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    const finance = mintToken(SECRET, config.jwtIssuer, 'bench', 'finance');
    const inject = async (
      url: string,
      body: JsonObject,
      token: string,
    ): Promise<{ status: number; body: Record<string, unknown> }> => {
      const response = await app!.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ commandId: randomUUID(), ...body }),
      });
      return {
        status: response.statusCode,
        body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : {},
      };
    };
    const has = (url: string) => fastify.hasRoute({ method: 'POST', url });
    const direct = new DirectCommands(app.get(CommandPipeline), app.get(RegistryLookups), app.get(BudgetPolicyService));
    const t0 = Date.now();
    // Setup is not measured: fund, payees, agreements and quotas go straight through the pipeline (the same
    // deciders and events as their endpoints, without the HTTP cost, which keeps the quick profile short).
    await direct.registerFund();
    await pool(SETUP_CONCURRENCY, HOSPITALS, (i) => direct.registerPayee(i));
    await pool(SETUP_CONCURRENCY, HOSPITALS, async (i) => {
      await direct.setQuota(i, YEAR);
    });
    log(
      `B4 seeded ${HOSPITALS} hospitals (fund, payees, agreements, quotas) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    // Which path runs the measured commands: HTTP when both routes exist and accept the bench's bodies.
    const httpPath: Path = {
      name: 'HTTP (app.inject: JWT, validation, CommandBus, handler)',
      async run(kind, hospital, month) {
        const answer =
          kind === 'prepay'
            ? await inject('/prepayments', bodies.prepayment(hospital, YEAR, month), finance)
            : await inject('/settlements', bodies.settlement(hospital, YEAR, month), finance);
        if (answer.status !== 201 && answer.status !== 200)
          throw new Error(`${kind}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
        return String(answer.body['position']);
      },
    };
    const directPath: Path = {
      name: 'handler work through CommandPipeline + deciders (hospital-budget routes not wired yet)',
      async run(kind, hospital, month) {
        const result: CommandResult =
          kind === 'prepay' ? await direct.prepay(hospital, YEAR, month) : await direct.settle(hospital, YEAR, month);
        return result.position ?? '-1';
      },
    };
    let path = directPath;
    let pathNote = '';
    if (has('/prepayments') && has('/settlements')) {
      try {
        await httpPath.run('prepay', 0, 1);
        await httpPath.run('settle', 0, 1);
        path = httpPath;
      } catch (error) {
        pathNote = `HTTP routes exist but refused the bench body (${errorText(error)}); `;
      }
    }
    log(`B4 path: ${path.name}`);
    const queries = app.get(QueryBus);
    const months = options.full ? 6 : 1;
    const steps: Array<['prepay' | 'settle', number]> = [];
    for (let month = 1; month <= months; month += 1) steps.push(['prepay', month], ['settle', month]);
    const firstHospital = path === httpPath ? 1 : 0; // hospital 0 took the probe commands
    const maxMs = options.full ? 180_000 : 25_000;
    const latencies: number[] = [];
    let done = 0;
    collectGarbage();
    const started = performance.now();
    // Caller c owns hospitals c, c+16, ...: no two callers ever write one stream (no retries measured).
    await Promise.all(
      Array.from({ length: CALLERS }, async (_, caller) => {
        for (const [kind, month] of steps) {
          for (let hospital = firstHospital + caller; hospital < HOSPITALS; hospital += CALLERS) {
            if (performance.now() - started > maxMs) return;
            const t = performance.now();
            const position = await path.run(kind, hospital, month);
            const query = { minPosition: position, waitMs: 10_000 } as ReadQuery;
            await queries.execute(new GetTrialBalanceQuery(query)); // read your write, as a client would
            latencies.push(performance.now() - t);
            done += 1;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = done / seconds;
    const lat = summarise(latencies);
    log(
      `B4 ${done} commands in ${seconds.toFixed(1)} s = ${rate.toFixed(0)}/s; latency p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms`,
    );
    let baseline = options.b1Rate;
    let baselineLabel = "B1's SqliteEventStore 16-writer rate";
    if (baseline === undefined) {
      // B1 did not run in this invocation (--only): measure its 16-writer figure here.
      const rates = await interleaved(
        [storeContender('B1 16 writers', store, 16)],
        1,
        roundsFor(false).sliceMs * 2,
        20_000,
        log,
      );
      baseline = rates.get('B1 16 writers')!.rate;
      baselineLabel += ' (measured in this group)';
    }
    const ratio = ratioOf(rate, baseline);
    return [
      {
        id: 'B4',
        label: `commands end to end, ${CALLERS} callers, ${HOSPITALS} hospitals, SQLite FULL`,
        figure: rate,
        unit: 'commands/s',
        baseline,
        baselineLabel,
        ratio,
        target,
        met: rate >= 5_000,
        note: `${pathNote}path: ${path.name}; ${done} commands (prepay+settle x${months} month(s)); latency incl. projection p50 ${lat.p50.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms`,
        details: { commands: done, seconds, latency: lat, fund: FUND, example: payeeId(1) },
      },
    ];
  } catch (error) {
    return [naRow('B4', 'commands end to end', target, errorText(error))];
  } finally {
    await app?.close().catch(() => undefined); // closes the store too
    rmSync(directory, { recursive: true, force: true });
  }
}
