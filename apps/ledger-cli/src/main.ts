import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { verifyAll, verifyStream } from '@ledger/event-store';
import { ConfigError, ROLES, loadConfig, mintToken, openEventStore, type Role } from '@ledger/platform';
import { ProgressBar } from './progress';
import { backupSqlite } from './commands/backup';
import { exportLog } from './commands/export-log';
import { replayExport } from './commands/replay-log';
import { allocate, ALLOCATE_USAGE } from './commands/allocate';
import { closeYear, CLOSE_YEAR_USAGE } from './commands/close-year';

const usage = (): string => `ledger-cli — the 医保基金 fund ledger's command line

Usage: npm run cli -- <command> [options]     (after npm run build)

Commands:
  token  --role <admin|finance|planner|auditor> [--actor <name>] [--ttl-hours <n>]
         Mint a bearer token for the local service (HS256 with LEDGER_JWT_SECRET or the dev secret).
  verify [--stream <name>]
         Walk every stream's hash chain (or one stream) and report the events checked and the first break.
  export --out <file.ndjson> [--fund <fundId> --year <yyyy>]
         The whole log (or one fund-year's streams plus the registry) as NDJSON, with <file>.manifest.json
         holding the count, the last position and the file's sha256.
  replay --from <file.ndjson> --to <fresh.db>
         Imports an export into a fresh embedded store, checks the manifest and every hash, rebuilds every
         projection and prints the trial balance and the projections' figures (JSON).
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

async function exportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, fund: { type: 'string' }, year: { type: 'string' } } });
  if (!values.out || (values.fund === undefined) !== (values.year === undefined) || (values.year && !/^\d{4}$/.test(values.year))) {
    process.stderr.write('export needs --out <file>, and --fund with --year (yyyy) together or neither\n');
    return 2;
  }
  const store = await openEventStore(loadConfig());
  try {
    const head = await store.headPosition();
    const bar = new ProgressBar('exporting', head > 0n ? Number(head) : undefined);
    const manifest = await exportLog(store, values.out, {
      fundId: values.fund,
      year: values.year ? Number(values.year) : undefined,
      onProgress: (_count, position) => bar.update(Number(position)),
    });
    bar.finish();
    process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function replayCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to) {
    process.stderr.write('replay needs --from <export.ndjson> and --to <fresh.db>\n');
    return 2;
  }
  const bar = new ProgressBar('replaying', undefined);
  const report = await replayExport(values.from, values.to, (n) => bar.update(n));
  bar.finish();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return report.manifestSha256Matches && report.hashesMatchExport && report.verify.ok && report.trialBalance?.ok ? 0 : 1;
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
