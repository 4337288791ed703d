/**
 * Benchmark runner: `npm run bench` (quick profile, under 3 minutes) or `npm run bench -- --full`.
 * Options: --only=B1,B4 (rows), --profile (a V8 CPU profile per group under results/profiles/ and the
 * top frames printed). Each group of rows runs in its own child process with a time limit; a group that
 * fails or times out turns its rows into "n/a: <reason>" and the table is printed all the same.
 * No test asserts timings: this prints figures, the baselines measured in the same run, ratios, targets.
 */
import { fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTable } from './support/table';
import { naRow, type BenchRow } from './support/types';
import { topFrames } from './tools/top-frames';
import type { WorkerInput } from './worker';

interface Group {
  name: string;
  rows: string[];
  /** What a failure of the whole group prints for each of its rows. */
  placeholders: Array<[string, string, string]>;
  quickLimitS: number;
  fullLimitS: number;
}

const GROUPS: Group[] = [
  {
    name: 'sqlite',
    rows: ['B1', 'B3'],
    placeholders: [
      ['B1', 'SQLite FULL appends', '>= 4x raw'],
      ['B3', 'SQLite vs Emmett', '>= 2x Emmett'],
    ],
    quickLimitS: 150,
    fullLimitS: 400,
  },
  {
    name: 'postgres',
    rows: ['B2', 'B3'],
    placeholders: [
      ['B2', 'PostgreSQL appends', '>= 1x raw'],
      ['B3', 'PostgreSQL vs Emmett', '>= 2x Emmett'],
    ],
    quickLimitS: 120,
    fullLimitS: 400,
  },
  {
    name: 'commands',
    rows: ['B4'],
    placeholders: [['B4', 'commands end to end', '>= 5,000 commands/s']],
    quickLimitS: 120,
    fullLimitS: 600,
  },
  {
    name: 'http',
    rows: ['B5'],
    placeholders: [['B5', 'HTTP API', 'writes >= 3,000 req/s, p99 <= 50 ms; reads >= 50% bare']],
    quickLimitS: 150,
    fullLimitS: 600,
  },
  {
    name: 'replay',
    rows: ['B6', 'B7'],
    placeholders: [
      ['B6', 'replay', '>= 50% raw; RSS <= 1 GiB'],
      ['B7', 'as-of queries', 'p99 <= 50 ms; <= 2 s'],
    ],
    quickLimitS: 240,
    fullLimitS: 1800,
  },
  {
    name: 'batch',
    rows: ['B8'],
    placeholders: [['B8', 'allocation run and year-end close', '<= 3 s; <= 5 s']],
    quickLimitS: 150,
    fullLimitS: 300,
  },
];

const GRACE_MS = 15_000;

function parseArgs(argv: string[]): { full: boolean; profile: boolean; only: Set<string> | undefined } {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  return {
    full: argv.includes('--full'),
    profile: argv.includes('--profile'),
    only: only ? new Set(only.split(',').map((s) => s.trim().toUpperCase())) : undefined,
  };
}

function environmentLine(full: boolean): string {
  const cpu = cpus();
  return `node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}; profile ${full ? 'full' : 'quick'}`;
}

function runGroup(group: Group, input: WorkerInput, profileDir: string | undefined): Promise<BenchRow[]> {
  const limitMs = (input.full ? group.fullLimitS : group.quickLimitS) * 1000;
  const execArgv = [...process.execArgv];
  if (profileDir)
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${group.name}.cpuprofile`);
  return new Promise((resolve) => {
    const child = fork(join(__dirname, 'worker.ts'), [group.name, JSON.stringify(input)], {
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let rows: BenchRow[] | undefined;
    let lastLog = '';
    let timedOut = false;
    child.on('message', (message: { kind: string; line?: string; rows?: BenchRow[] }) => {
      if (message.kind === 'log') {
        lastLog = message.line ?? '';
        process.stdout.write(`  [${group.name}] ${lastLog}\n`);
      } else if (message.kind === 'rows') rows = message.rows;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      process.stdout.write(`  [${group.name}] time limit of ${limitMs / 1000} s reached: stopping it\n`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), GRACE_MS).unref();
    }, limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (rows) return resolve(rows);
      const reason = timedOut
        ? `time limit ${limitMs / 1000} s reached`
        : `group exited ${code ?? signal}${lastLog ? `: ${lastLog.split('\n')[0]!.slice(0, 140)}` : ''}`;
      resolve(group.placeholders.map(([id, label, target]) => naRow(id, label, target, reason)));
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const environment = environmentLine(args.full);
  const startedAt = new Date();
  const resultsDir = join(__dirname, 'results');
  const profileDir = args.profile ? join(resultsDir, 'profiles') : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  process.stdout.write(`${environment}\n`);
  const rows: BenchRow[] = [];
  const ran: string[] = [];
  const input: WorkerInput = { full: args.full, profile: args.profile };
  for (const group of GROUPS) {
    if (args.only && !group.rows.some((r) => args.only!.has(r))) continue;
    const t0 = Date.now();
    process.stdout.write(`group ${group.name} (${group.rows.join(', ')})\n`);
    if (profileDir) {
      // No stale profile of an earlier run may be printed for a group that fails this time.
      for (const name of [group.name, `${group.name}-api`])
        rmSync(join(profileDir, `${name}.cpuprofile`), { force: true });
    }
    ran.push(group.name);
    const groupRows = await runGroup(group, input, profileDir);
    process.stdout.write(`  [${group.name}] done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const b1 = groupRows.find((r) => r.id === 'B1' && r.label.includes('16 writers') && r.figure !== null);
    if (b1?.figure) input.b1Rate = b1.figure;
    rows.push(...groupRows.filter((r) => !args.only || args.only.has(r.id)));
  }
  const table = renderTable(rows, environment);
  process.stdout.write(`\n${table}\n`);
  mkdirSync(resultsDir, { recursive: true });
  const durationS = (Date.now() - startedAt.getTime()) / 1000;
  writeFileSync(
    join(resultsDir, 'latest.json'),
    `${JSON.stringify({ environment, startedAt: startedAt.toISOString(), durationS, options: args.full ? 'full' : 'quick', rows, table }, null, 2)}\n`,
  );
  process.stdout.write(`\nwrote test/bench/results/latest.json (${durationS.toFixed(0)} s)\n`);
  if (profileDir) {
    for (const name of ran.flatMap((g) => [g, `${g}-api`])) {
      const file = join(profileDir, `${name}.cpuprofile`);
      if (!existsSync(file)) continue;
      try {
        process.stdout.write(`\nCPU profile ${name}: top frames by self time\n${topFrames(file, 15)}\n`);
      } catch {
        // unreadable (a child killed while writing it)
      }
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench runner failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
