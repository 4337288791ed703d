import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { CommandPipeline, mintToken, StreamLoader } from '@ledger/platform';
import { API_ENTRY, ServiceProcess } from '../../support/service-process';
import { DirectCommands, bodies, seedDirect, FUND, payeeId } from '../support/seed';
import { naRow, ratioOf, errorText, type BenchOptions, type BenchRow } from '../support/types';

const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const HOSPITALS = 2_000;
const YEAR = 2025;
const YEARS = [2025, 2026];
const CONNECTIONS = 32;

type Result = autocannon.Result;

function cannon(options: autocannon.Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    instance.on('error', () => undefined);
  });
}

const ok = (r: Result): number => r['2xx'];
const rateOf = (r: Result): number => ok(r) / (r.duration || 1);

/**
 * B5: the real API as a child process (built output, loopback only, JWT on every request), driven by
 * autocannon with 32 connections: POST /settlements, each with a unique commandId and its own
 * hospital-month (setupRequest), then GET /hospital-budgets/:fundId/:payeeId/:year, against a bare
 * Fastify route (also a child process) answering the same JSON.
 */
export async function runHttpGroup(options: BenchOptions, log: (line: string) => void): Promise<BenchRow[]> {
  const writeTarget = '>= 3,000 req/s, p99 <= 50 ms';
  const readTarget = '>= 50% of bare route';
  if (!existsSync(API_ENTRY)) {
    const reason = `${API_ENTRY} missing: run npm run build (the bench script does)`;
    return [naRow('B5', 'HTTP writes', writeTarget, reason), naRow('B5', 'HTTP reads', readTarget, reason)];
  }
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-b5-'));
  let service: ServiceProcess | undefined;
  let bare: ChildProcess | undefined;
  const killChildren = () => {
    service?.child.kill('SIGKILL');
    bare?.kill('SIGKILL');
  };
  process.once('exit', killChildren);
  const rows: BenchRow[] = [];
  try {
    const path = join(directory, 'ledger.db');
    const t0 = Date.now();
    const store = SqliteEventStore.open({ path, synchronous: 'NORMAL' }); // setup only; the API opens it FULL
    await seedDirect(
      new DirectCommands(new CommandPipeline(store, new StreamLoader(store), 5)),
      HOSPITALS,
      options.full ? YEARS : [YEAR],
      64,
    );
    await store.close();
    log(`B5 seeded ${HOSPITALS} hospitals with quotas for ${YEAR} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    service = await ServiceProcess.start({
      LEDGER_SQLITE_PATH: path,
      LEDGER_PROJECTIONS_PATH: join(directory, 'projections.db'),
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_LOG_LEVEL: 'warn', // request logs at info would be written to a pipe this process buffers
      // --profile: the API child writes its own CPU profile when it stops (SIGTERM: graceful exit).
      // BENCH_API_NODE_OPTIONS: extra node options for the API child (e.g. `--require` of a patch under trial).
      ...(process.env['BENCH_API_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_API_NODE_OPTIONS'] } : {}),
      ...(options.profile
        ? {
            NODE_OPTIONS:
              `${process.env['BENCH_API_NODE_OPTIONS'] ?? ''} --require ${join(__dirname, '..', 'support', 'cpu-profile-preload.js')}`.trim(),
            BENCH_CPU_PROFILE: join(__dirname, '..', 'results', 'profiles', 'http-api.cpuprofile'),
          }
        : {}),
    });
    const token = mintToken(SECRET, 'yibao-ledger', 'bench', 'finance');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const writeMs = options.full ? 15 : 4;
    const readMs = options.full ? 10 : 3;
    const capacity = HOSPITALS * 12 * (options.full ? YEARS.length : 1);
    let next = 0;
    const settlementBody = (): string => {
      const k = next % capacity;
      next += 1;
      const monthIndex = Math.floor(k / HOSPITALS); // hospitals vary fastest: consecutive requests never share a stream
      return JSON.stringify({
        commandId: randomUUID(),
        ...bodies.settlement(k % HOSPITALS, YEARS[Math.floor(monthIndex / 12)]!, (monthIndex % 12) + 1),
      });
    };
    // Probe: is POST /settlements wired, and does it take the bench's body?
    const probe = await fetch(`${service.url}/settlements`, { method: 'POST', headers, body: settlementBody() });
    if (probe.status !== 201 && probe.status !== 200) {
      rows.push(
        naRow(
          'B5',
          'HTTP writes: POST /settlements',
          writeTarget,
          `probe answered ${probe.status}: ${(await probe.text()).slice(0, 120)}`,
        ),
      );
    } else {
      const writeOptions = {
        url: service.url,
        connections: CONNECTIONS,
        requests: [
          {
            method: 'POST' as const,
            path: '/settlements',
            headers,
            setupRequest: (request: autocannon.Request) => ({ ...request, body: settlementBody() }),
          },
        ],
      };
      await cannon({ ...writeOptions, duration: 1 }); // warm-up
      const writes = await cannon({ ...writeOptions, duration: writeMs });
      const rate = rateOf(writes);
      const p99 = writes.latency.p99;
      log(
        `B5 writes: ${ok(writes)} 2xx, ${writes.non2xx} non-2xx, ${writes.errors} errors, ${rate.toFixed(0)} req/s, p50 ${writes.latency.p50} ms, p99 ${p99} ms`,
      );
      rows.push({
        id: 'B5',
        label: `HTTP POST /settlements, ${CONNECTIONS} connections, JWT`,
        figure: rate,
        unit: 'req/s',
        baseline: null,
        baselineLabel: '',
        ratio: null,
        target: writeTarget,
        met: rate >= 3_000 && p99 <= 50 && writes.non2xx === 0,
        note: `p50 ${writes.latency.p50} ms, p99 ${p99} ms; ${ok(writes)} ok, ${writes.non2xx} non-2xx, ${writes.errors} errors; ${writeMs} s; API log level warn`,
        details: { latency: writes.latency, requests: writes.requests },
      });
    }
    // Reads: the write model's view of one hospital-year (the projection view if that route is absent).
    let readPath = `/hospital-budgets/${FUND}/${payeeId(1)}/${YEAR}`;
    let answer = await fetch(`${service.url}${readPath}`, { headers });
    if (answer.status === 404) {
      readPath = `${readPath}/projection`;
      answer = await fetch(`${service.url}${readPath}`, { headers });
    }
    if (answer.status !== 200) {
      rows.push(
        naRow(
          'B5',
          'HTTP reads: GET /hospital-budgets/:fundId/:payeeId/:year',
          readTarget,
          `answered ${answer.status}`,
        ),
      );
    } else {
      const json = await answer.text();
      const bodyFile = join(directory, 'bare-body.json');
      writeFileSync(bodyFile, json);
      const child = fork(join(__dirname, '..', 'support', 'bare-server.ts'), [bodyFile], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      bare = child;
      const port = await new Promise<number>((resolve, reject) => {
        child.once('message', (m: { port: number }) => resolve(m.port));
        child.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
      });
      const readOptions = (url: string) => ({
        url,
        connections: CONNECTIONS,
        requests: [{ method: 'GET' as const, path: readPath, headers }],
      });
      await cannon({ ...readOptions(service.url), duration: 1 });
      const reads = await cannon({ ...readOptions(service.url), duration: readMs });
      await cannon({ ...readOptions(`http://127.0.0.1:${port}`), duration: 1 });
      const bareReads = await cannon({ ...readOptions(`http://127.0.0.1:${port}`), duration: readMs });
      const ratio = ratioOf(rateOf(reads), rateOf(bareReads));
      log(
        `B5 reads: ${rateOf(reads).toFixed(0)} req/s (p99 ${reads.latency.p99} ms) vs bare ${rateOf(bareReads).toFixed(0)} req/s`,
      );
      rows.push({
        id: 'B5',
        label: `HTTP GET ${readPath.replace(`/${FUND}/${payeeId(1)}/${YEAR}`, '/:fund/:payee/:year')}`,
        figure: rateOf(reads),
        unit: 'req/s',
        baseline: rateOf(bareReads),
        baselineLabel: 'bare Fastify, same JSON',
        ratio,
        target: readTarget,
        met: ratio !== null && ratio >= 0.5 && reads.non2xx === 0,
        note: `p99 ${reads.latency.p99} ms vs bare ${bareReads.latency.p99} ms; ${json.length} B body; ${reads.non2xx} non-2xx`,
      });
    }
  } catch (error) {
    if (service) log(`B5 API stderr tail: ${service.stderr.slice(-600)}`);
    if (!rows.some((r) => r.label.includes('POST')))
      rows.push(naRow('B5', 'HTTP writes', writeTarget, errorText(error)));
    if (!rows.some((r) => r.label.includes('GET'))) rows.push(naRow('B5', 'HTTP reads', readTarget, errorText(error)));
  } finally {
    bare?.kill('SIGTERM');
    await service?.kill('SIGTERM').catch(() => undefined);
    process.removeListener('exit', killChildren);
    rmSync(directory, { recursive: true, force: true });
  }
  return rows;
}
