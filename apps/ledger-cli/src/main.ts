import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { verifyAll, verifyStream } from '@ledger/event-store';
import { DomainError } from '@ledger/kernel';
import { ConfigError, ROLES, loadConfig, mintToken, openEventStore, type Role } from '@ledger/platform';
import { ProgressBar } from './progress';
import { backupSqlite } from './commands/backup';
import { EXPORT_USAGE, exportCommand } from './commands/export-log';
import { REPLAY_USAGE, replayCommand } from './commands/replay-log';
import { allocate, ALLOCATE_USAGE } from './commands/allocate';
import { closeYear, CLOSE_YEAR_USAGE } from './commands/close-year';

const usage = (): string => `ledger-cli — the 医保基金 fund ledger's command line

Usage: npm run cli -- <command> [options]     (after npm run build)

Commands:
  token  --role <admin|finance|planner|auditor> [--actor <name>] [--ttl-hours <n>]
         Mint a bearer token for the local service (HS256 with LEDGER_JWT_SECRET or the dev secret).
  verify [--stream <name>]
         Walk every stream's hash chain (or one stream) and report the events checked and the first break.
${EXPORT_USAGE}
${REPLAY_USAGE}
  rebuild --projection <name> [--url http://localhost:3000]
         Asks the running service to rebuild a projection from zero while it keeps serving, then swap.
  backup --to <file>
         Online backup of the embedded SQLite store (consistent while the service runs), then verify the copy.
         Restore: stop the service, copy the backup over LEDGER_SQLITE_PATH (remove the -wal/-shm files), start.

${ALLOCATE_USAGE}
${CLOSE_YEAR_USAGE}

The store is the one the environment configures (LEDGER_STORE, LEDGER_SQLITE_PATH, LEDGER_DATABASE_URL, ...).
Exit codes: 0 ok, 1 verification found a break, 2 usage or configuration error.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'token':
      return token(rest);
    case 'verify':
      return verify(rest);
    case 'backup':
      return backup(rest);
    case 'export':
      return exportCommand(rest);
    case 'replay':
      return replayCommand(rest);
    case 'rebuild':
      return rebuildCommand(rest);
    case 'allocate':
      return allocate(rest);
    case 'close-year':
      return closeYear(rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${usage()}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`unknown command ${command}\n\n${usage()}\n`);
      return 2;
  }
}

function token(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: { role: { type: 'string' }, actor: { type: 'string' }, 'ttl-hours': { type: 'string', default: '8' } },
  });
  const role = values.role as Role | undefined;
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    process.stderr.write(`--role must be one of ${ROLES.join(', ')}\n`);
    return 2;
  }
  const ttlHours = Number(values['ttl-hours']);
  if (!Number.isInteger(ttlHours) || ttlHours < 1 || ttlHours > 24 * 30) {
    process.stderr.write('--ttl-hours must be an integer in 1..720\n');
    return 2;
  }
  const config = loadConfig();
  process.stdout.write(`${mintToken(config.jwtSecret, config.jwtIssuer, values.actor ?? `local-${role}`, role, ttlHours * 3600)}\n`);
  return 0;
}

async function verify(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { stream: { type: 'string' } } });
  const config = loadConfig();
  const store = await openEventStore(config);
  try {
    const head = await store.headPosition();
    const bar = new ProgressBar('verifying', head > 0n && head < BigInt(Number.MAX_SAFE_INTEGER) ? Number(head) : undefined);
    const report = values.stream
      ? await verifyStream(store, values.stream)
      : await verifyAll(store, { onProgress: (_checked, position) => bar.update(Number(position)) });
    bar.finish();
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

async function backup(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' } } });
  if (!values.to) {
    process.stderr.write('backup needs --to <file>\n');
    return 2;
  }
  const report = await backupSqlite(loadConfig(), values.to);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.chainsVerified ? 0 : 1;
}

async function rebuildCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { projection: { type: 'string' }, url: { type: 'string', default: 'http://localhost:3000' } } });
  if (!values.projection) {
    process.stderr.write('rebuild needs --projection <name> (see GET /projections)\n');
    return 2;
  }
  const config = loadConfig();
  const token = mintToken(config.jwtSecret, config.jwtIssuer, 'ledger-cli', 'admin', 600);
  const response = await fetch(`${values.url}/projections/${encodeURIComponent(values.projection)}/rebuild`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  process.stdout.write(`${await response.text()}\n`);
  return response.ok ? 0 : 1;
}

/**
 * Exits once everything written has reached the pipe: process.exit() drops what a full pipe still
 * queues (a report piped into jq was cut at 131,072 bytes with exit 0). A write's callback runs after
 * every earlier write has been handed to the OS.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stderr.write('', () => process.stdout.write('', () => process.exit(code)));
}

main(process.argv.slice(2)).then(exitWhenFlushed, (error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    return exitWhenFlushed(2);
  }
  if (error instanceof DomainError) {
    // A refusal is an answer, not a crash: its stable code and message, no stack.
    process.stderr.write(`${error.code}: ${error.message}${error.field ? ` (field ${error.field})` : ''}\n`);
    return exitWhenFlushed(error.kind === 'validation' ? 2 : 1);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  exitWhenFlushed(1);
});
