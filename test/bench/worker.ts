/**
 * One group of benchmark rows, run in its own child process (forked by run.ts with the same execArgv),
 * so every group starts with a fresh heap and JIT, its peak RSS is its own, and --profile gives one CPU
 * profile per group. Results go back over IPC.
 */
import 'reflect-metadata';
import type { BenchOptions, BenchRow } from './support/types';

type Send = { kind: 'log'; line: string } | { kind: 'rows'; rows: BenchRow[] };

const send = (message: Send): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) {
      if (message.kind === 'log') process.stdout.write(`${message.line}\n`);
      else process.stdout.write(`${JSON.stringify(message.rows, null, 2)}\n`);
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });

const log = (line: string): void => void send({ kind: 'log', line });

export interface WorkerInput extends BenchOptions {
  /** B1's SqliteEventStore 16-writer rate from this run, B4's baseline. */
  b1Rate?: number;
}

async function runGroup(group: string, input: WorkerInput): Promise<BenchRow[]> {
  switch (group) {
    case 'sqlite':
      return (await import('./rows/group-sqlite')).runSqliteGroup(input, log);
    case 'postgres':
      return (await import('./rows/group-postgres')).runPostgresGroup(input, log);
    case 'commands':
      return (await import('./rows/b4-commands')).runCommandsGroup(input, log);
    case 'http':
      return (await import('./rows/b5-http')).runHttpGroup(input, log);
    case 'replay':
      return (await import('./rows/b6-replay')).runReplayGroup(input, log);
    case 'batch':
      return (await import('./rows/b8-batch')).runBatchGroup(input, log);
    default:
      throw new Error(`unknown group ${group}`);
  }
}

// A SIGTERM from the runner (group time limit) must still run 'exit' handlers: they stop the throwaway
// PostgreSQL server and the API child process.
process.on('SIGTERM', () => process.exit(143));
process.on('SIGINT', () => process.exit(130));

const [group, inputJson] = process.argv.slice(2);
runGroup(group!, JSON.parse(inputJson ?? '{}') as WorkerInput)
  .then(async (rows) => {
    await send({ kind: 'rows', rows });
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    await send({
      kind: 'log',
      line: `group ${group} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    });
    process.exit(1);
  });
