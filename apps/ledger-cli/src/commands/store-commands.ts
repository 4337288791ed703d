import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { verifyAll, verifyStream } from '@ledger/event-store';
import { loadConfig, openEventStore } from '@ledger/platform';
import { type CommandFactory, yearArg } from '../cli-kit';
import { ProgressBar } from '../progress';
import { UsageError } from '../usage-error';
import { backupSqlite } from './backup';
import { exportCommand } from './export-log';
import type { CliIo } from './ledger-session';
import { replayCommand } from './replay-log';

export const verifyCommand: CommandFactory = (io, exitWith) =>
  new Command('verify')
    .description("Walk every stream's hash chain (or one stream's) and report the events checked and the first break. Exit 1 on a break or an unknown stream.")
    .option('--stream <name>', 'one stream, e.g. fund-EMP-POOLED')
    .action(async (flags: { stream?: string }) => exitWith(await verify(flags, io)));

async function verify(flags: { stream?: string }, io: CliIo): Promise<number> {
  const store = await openEventStore(loadConfig());
  try {
    if (flags.stream !== undefined) {
      // A typo must not verify as an empty, intact chain.
      if ((await store.readStream(flags.stream, { limit: 1 })).length === 0) {
        io.err(`verify: no stream named ${JSON.stringify(flags.stream)} in this store (streams: fund-…, payee-…, budget-{fund}.{payee}.{year}, …)\n`);
        return 1;
      }
      const report = await verifyStream(store, flags.stream);
      io.out(`${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    const head = await store.headPosition();
    const bar = new ProgressBar('verifying', head > 0n && head < BigInt(Number.MAX_SAFE_INTEGER) ? Number(head) : undefined, io.progress);
    const report = await verifyAll(store, { onProgress: (_checked, position) => bar.update(Number(position)) });
    bar.finish();
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

export const backupCommand: CommandFactory = (io, exitWith) =>
  new Command('backup')
    .description(
      'Online backup of the embedded SQLite store (consistent while the service runs), then verify the copy. ' +
        'Restore: stop the service, copy the backup over LEDGER_SQLITE_PATH (remove the -wal/-shm files), start.',
    )
    .requiredOption('--to <file>', 'the backup file (must not exist)')
    .action(async (flags: { to: string }) => {
      const config = loadConfig();
      if (config.store !== 'sqlite') throw new UsageError(`backup handles the embedded store only (LEDGER_STORE=${config.store}); see the runbook`);
      if (existsSync(resolve(flags.to))) throw new UsageError(`--to ${flags.to} exists; refusing to overwrite a backup`);
      const report = await backupSqlite(config, flags.to);
      io.out(`${JSON.stringify(report, null, 2)}\n`);
      exitWith(report.chainsVerified ? 0 : 1);
    });

export const exportLogCommand: CommandFactory = (_io, exitWith) =>
  new Command('export')
    .description(
      "The whole log (or one fund-year's streams plus the registry) as NDJSON, with <file>.manifest.json holding the count, " +
        "the last position and the file's sha256, signed with Ed25519 when LEDGER_EXPORT_SIGNING_KEY (PEM or a PEM file) is set.",
    )
    .requiredOption('--out <file.ndjson>', 'the export file')
    .option('--fund <fundId>', 'one fund (with --year)')
    .option('--year <yyyy>', 'one budget year (with --fund)', yearArg)
    .action(async (flags: { out: string; fund?: string; year?: number }) => exitWith(await exportCommand(flags)));

export const replayLogCommand: CommandFactory = (_io, exitWith) =>
  new Command('replay')
    .description(
      'Import an export into a fresh embedded store at its recorded positions, check the manifest (and its signature with ' +
        "--public-key) and every hash, rebuild every projection and print the trial balance and the projections' figures (JSON).",
    )
    .requiredOption('--from <file.ndjson>', 'the export (its manifest beside it)')
    .requiredOption('--to <fresh.db>', 'a new SQLite file')
    .option('--public-key <pem-file>', "the ledger's Ed25519 public key: check the manifest's signature (exit 1 when it fails)")
    .action(async (flags: { from: string; to: string; publicKey?: string }) => exitWith(await replayCommand(flags)));
