import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { SHUTDOWN_STEPS, mintToken } from '@ledger/platform';
import { freePort } from '../support/service-process';

/**
 * Issue 20.3: the graceful stop is bounded as a whole. At 3M events a SIGTERM took 9.3-14.8 s against the
 * 10 s LEDGER_SHUTDOWN_TIMEOUT_MS and still exited 0: the final projection snapshot serialises a large
 * state synchronously, so the timer meant to bound the stop could not fire until it was over.
 *
 * The real service process (from the working tree's sources, so no build is needed) is stopped with
 * SIGTERM while one step is made slow through LEDGER_TEST_SHUTDOWN_STALL=<step>:<ms>, which blocks the
 * event loop the way a large snapshot does (the variable is refused when NODE_ENV=production). Whatever
 * the step, the stop exits non-zero with an error line naming it, and the process is gone within the
 * deadline plus the watchdog's grace even when the step holds the main thread far longer.
 */
const ROOT = resolve(__dirname, '..', '..');
const MAIN = join(ROOT, 'apps/ledger-api/src/main.ts');
const SECRET = 'shutdown-secret-0123456789abcdef0123456789';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From SIGTERM to exit. */
  stopMs: number;
  lines: Array<Record<string, unknown>>;
  output: string;
}

class Service {
  private text = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  }

  static async start(env: Record<string, string>, waitForHealth = true): Promise<Service> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', MAIN], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), LEDGER_HOST: '127.0.0.1', LEDGER_PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new Service(child, `http://127.0.0.1:${port}`);
    if (waitForHealth) await service.waitForHealth();
    return service;
  }

  async waitForHealth(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`service exited early: ${this.text}`);
      const ok = await fetch(`${this.url}/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new Error(`service not healthy within ${timeoutMs} ms: ${this.text}`);
  }

  /** One command, so the projections have something to snapshot at the stop. */
  async createFund(): Promise<number> {
    const token = mintToken(SECRET, 'yibao-ledger', 'shutdown-test', 'admin');
    const response = await fetch(`${this.url}/funds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ commandId: randomUUID(), fundId: 'F-SHUTDOWN', name: 'fund', kind: 'maternity', poolingRegion: 'r' }),
    });
    return response.status;
  }

  async stop(): Promise<Exit> {
    const sentMs = Date.now();
    this.child.kill('SIGTERM');
    const { code, signal } = await this.exited;
    return { code, signal, stopMs: Date.now() - sentMs, lines: jsonLines(this.text), output: this.text };
  }

  async exit(): Promise<Exit> {
    const { code, signal } = await this.exited;
    return { code, signal, stopMs: 0, lines: jsonLines(this.text), output: this.text };
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
}

const cutShortLines = (exit: Exit) => exit.lines.filter((l) => l['level'] === 50 && /shutdown cut short/.test(String(l['msg'])));

describe('graceful stop: every step inside LEDGER_SHUTDOWN_TIMEOUT_MS (issue 20.3)', () => {
  let dir: string;
  let service: Service | undefined;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-shutdown-'))));
  afterEach(() => {
    service?.kill();
    service = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => ({ LEDGER_SQLITE_PATH: join(dir, 'ledger.db'), LEDGER_JWT_SECRET: SECRET, ...extra });

  it('a stop within the bound exits 0 and names no step', async () => {
    service = await Service.start(env({ LEDGER_SHUTDOWN_TIMEOUT_MS: '10000' }));
    expect(await service.createFund()).toBe(201);
    const exit = await service.stop();
    expect({ code: exit.code, cut: cutShortLines(exit) }).toEqual({ code: 0, cut: [] });
    expect(exit.lines.some((l) => l['msg'] === 'shut down')).toBe(true);
  });

  it('SIGTERM amid 200 in-flight commands: they drain first, every acknowledged one is in the store, exit 0', async () => {
    const path = join(dir, 'ledger.db');
    service = await Service.start(env({ LEDGER_SHUTDOWN_TIMEOUT_MS: '10000' }));
    const token = mintToken(SECRET, 'yibao-ledger', 'shutdown-test', 'admin');
    const url = service.url;
    const post = (i: number) =>
      fetch(`${url}/funds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ commandId: randomUUID(), fundId: `F-${i}`, name: 'fund', kind: 'maternity', poolingRegion: 'r' }),
      }).then(
        (response) => response.status,
        () => 'refused' as const, // the listener had already closed: never half-written
      );
    let answered = 0;
    let stopping: Promise<Exit> | undefined;
    const statuses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post(i).then((status) => {
          answered += 1;
          if (answered === 5) stopping = service!.stop();
          return status;
        }),
      ),
    );
    const exit = await stopping!;
    expect({ code: exit.code, cut: cutShortLines(exit) }).toEqual({ code: 0, cut: [] });
    expect(statuses.every((s) => s === 201 || s === 'refused' || s === 503)).toBe(true);
    const acknowledged = statuses.map((s, i) => (s === 201 ? i : -1)).filter((i) => i >= 0);
    expect(acknowledged.length).toBeGreaterThan(5);
    const store = SqliteEventStore.open({ path });
    try {
      for (const i of acknowledged) expect(await store.readStream(`fund-F-${i}`, { limit: 5 })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  // Deadline 1,000 ms, the step holds the main thread 1,200 ms: it returns past the deadline, before the watchdog.
  it.each(SHUTDOWN_STEPS.map((step) => [step]))('a slow %s: exit code 1 and an error line naming the step', async (step) => {
    service = await Service.start(env({ LEDGER_SHUTDOWN_TIMEOUT_MS: '1000', LEDGER_TEST_SHUTDOWN_STALL: `${step}:1200` }));
    expect(await service.createFund()).toBe(201);
    const exit = await service.stop();
    const cut = cutShortLines(exit);
    expect({ code: exit.code, steps: cut.map((l) => l['step']) }).toEqual({ code: 1, steps: [step] });
    expect(String(cut[0]?.['msg'])).toContain(`shutdown cut short at step ${step}`);
    expect(cut[0]?.['timeoutMs']).toBe(1000);
  });

  it('a step that holds the main thread far past the deadline: the watchdog names it and the process is gone within the bound + 0.5 s', async () => {
    service = await Service.start(env({ LEDGER_SHUTDOWN_TIMEOUT_MS: '300', LEDGER_TEST_SHUTDOWN_STALL: 'final-snapshot:20000' }));
    expect(await service.createFund()).toBe(201);
    const exit = await service.stop();
    expect(exit.code === 0).toBe(false);
    expect(exit.signal).toBe('SIGKILL');
    expect(cutShortLines(exit).map((l) => l['step'])).toEqual(['final-snapshot']);
    expect(exit.stopMs).toBeLessThan(300 + 500 + 1_500); // deadline + grace + slack for a loaded machine; the stall is 20 s
  });

  it('refuses the test-only stall when NODE_ENV=production (exit 2, naming the variable)', async () => {
    service = await Service.start(env({ NODE_ENV: 'production', LEDGER_TEST_SHUTDOWN_STALL: 'final-snapshot:100' }), false);
    const exit = await service.exit();
    expect(exit.code).toBe(2);
    expect(exit.output).toContain('LEDGER_TEST_SHUTDOWN_STALL is for tests only');
  });
});
