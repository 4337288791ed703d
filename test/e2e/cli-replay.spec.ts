import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { exportLog } from '../../apps/ledger-cli/src/commands/export-log';
import { replayExport, type ReplayReport } from '../../apps/ledger-cli/src/commands/replay-log';
import { postgresTestSchemas } from '../../libs/event-store/test/postgres-test-schemas';
import { seedHospitals } from './cli-replay.fixtures';

const { openStore, withClient } = postgresTestSchemas('cli_replay');

const ROOT = join(__dirname, '..', '..');
const CLI = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/ledger-cli/src/main.ts'];

/** Runs the CLI from source with stdout and stderr as pipes (as `cli replay … | jq` has them). */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** Issue #20.1 and #20.5: the whole report reaches a pipe, and a broken export is a report, not a stack trace. */
describe('cli replay through a pipe', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-replay-'));
    const live = await seedHospitals(join(dir, 'live.db'), 700);
    file = join(dir, 'live.ndjson');
    await exportLog(live, file);
    await live.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a report of more than 1 MiB whole, then exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['replay', '--from', file, '--to', join(dir, 'copy.db')]);
    expect(stderr).toBe('');
    expect(Buffer.byteLength(stdout, 'utf8')).toBeGreaterThan(1024 * 1024);
    const report = JSON.parse(stdout) as ReplayReport; // throws if the output was cut
    expect(report).toMatchObject({ ok: true, imported: 2100, hashesMatchExport: true, lastPositionMatchesManifest: true });
    expect((report.projections?.['hospital-budgets'] as { rows: unknown[] }).rows).toHaveLength(700);
    expect(code).toBe(0);
  });

  it('reports an export with a missing revision as its first break and exits 1, without a stack trace', async () => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const removed = JSON.parse(lines[1]!) as { stream: string; revision: string };
    expect(removed.revision).toBe('1');
    const broken = join(dir, 'missing.ndjson');
    writeFileSync(broken, lines.filter((_, i) => i !== 1).join('\n'));
    writeFileSync(`${broken}.manifest.json`, readFileSync(`${file}.manifest.json`));
    const { code, stdout, stderr } = await runCli(['replay', '--from', broken, '--to', join(dir, 'missing.db')]);
    expect(stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(stdout) as ReplayReport;
    expect(report.verify).toMatchObject({ ok: false, firstBreak: { stream: removed.stream, revision: '2', cause: 'revision_gap' } });
    expect(report).toMatchObject({ ok: false, manifestSha256Matches: false, projections: null });
    expect(code).toBe(1);
  });
});

/** Issue #20.2: PostgreSQL leaves gaps after rolled-back work; the replayed copy keeps them. */
describe('cli replay of a PostgreSQL export with position gaps', () => {
  const event = (data: Record<string, string>) => ({ id: randomUUID(), type: 'Noted', data, metadata: { actor: 'cli-spec' } });

  it('reproduces the live positions, so as-of-position reads and the last position equal the source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-pg-'));
    const live = await openStore();
    try {
      await live.append('a', [event({ n: '1' })], 'no_stream');
      // A writer whose transaction rolls back: the identity values it drew are spent, a gap for ever.
      await withClient(async (client) => {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO "${live.schema}".events (event_id, stream, revision, type, data, metadata) VALUES ($1, 'x', 0, 'T', '{}', '{}'), ($2, 'x', 1, 'T', '{}', '{}')`,
          [randomUUID(), randomUUID()],
        );
        await client.query('ROLLBACK');
      });
      await live.append('a', [event({ n: '2' })], 0n);
      await live.append('b', [event({ n: '3' })], 'no_stream');
      const positions = (await live.readAll({ limit: 100 })).map((e) => e.position);
      expect(positions.some((p, i) => i > 0 && p !== positions[i - 1]! + 1n)).toBe(true); // there is a gap
      const file = join(dir, 'pg.ndjson');
      await exportLog(live, file);
      const copyPath = join(dir, 'copy.db');
      const report = await replayExport(file, copyPath);
      expect(report).toMatchObject({ ok: true, headPosition: String(await live.headPosition()), lastPositionMatchesManifest: true });
      const copy = SqliteEventStore.open({ path: copyPath });
      try {
        const ids = async (s: { readAll: typeof live.readAll }, before: bigint) =>
          (await s.readAll({ before, direction: 'backwards', limit: 100 })).map((e) => [e.position, e.id, e.metadata.hash]);
        for (const before of [positions[1]!, positions[2]!, positions[2]! + 1n]) {
          expect(await ids(copy, before)).toEqual(await ids(live, before));
        }
        expect(await copy.headPosition()).toBe(await live.headPosition());
      } finally {
        await copy.close();
      }
    } finally {
      await live.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
