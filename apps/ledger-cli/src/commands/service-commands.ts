import { Command, Option } from 'commander';
import { PAYEE_ID_PATTERN, ROLES, loadConfig, mintToken, secretSourceOf, type LedgerConfig, type Role } from '@ledger/platform';
import { type CommandFactory, defaultServiceUrl, integerIn } from '../cli-kit';
import { UsageError } from '../usage-error';
import type { CliIo } from './ledger-session';

/** Bounded wait for the service's answer to a rebuild request (it answers once the rebuild is started). */
const REBUILD_TIMEOUT_MS = 60_000;

/**
 * The configuration the CLI mints with: the service's own decision (loadConfig), except that the CLI never
 * generates a dev secret. A missing file means the service runs on another data directory (or has not run):
 * a one-line error naming the file instead of a second secret whose tokens the service refuses.
 */
function configForTokens(): LedgerConfig {
  return loadConfig({ ...process.env, LEDGER_JWT_DEV_SECRET: process.env['LEDGER_JWT_DEV_SECRET'] || 'existing' });
}

export const tokenCommand: CommandFactory = (io, exitWith) =>
  new Command('token')
    .description('Mint a bearer token for the local service: HS256 with LEDGER_JWT_SECRET, else the dev secret file in the data directory.')
    .addOption(new Option('--role <role>', 'the role the token carries').choices(ROLES).makeOptionMandatory())
    .option('--actor <name>', 'the subject, recorded as the actor of every event (default: local-<role>)')
    .option('--ttl-hours <n>', 'lifetime in hours, 1..720', integerIn(1, 720), 8)
    .option('--payee <payeeId>', 'the one payee a hospital token acts for (required with, and only with, --role hospital)')
    .action((flags: { role: Role; actor?: string; ttlHours: number; payee?: string }) => {
      if ((flags.role === 'hospital') !== (flags.payee !== undefined)) {
        throw new UsageError('--payee <payeeId> goes with --role hospital, and only with it (the payee the token acts for)');
      }
      if (flags.payee !== undefined && !PAYEE_ID_PATTERN.test(flags.payee)) {
        throw new UsageError('--payee must be 1..64 letters, digits, _ or -');
      }
      const config = configForTokens();
      const actor = flags.actor ?? `local-${flags.role}`;
      const { jwtSecret, jwtIssuer, jwtAudience } = config;
      io.out(`${mintToken(jwtSecret, jwtIssuer, actor, flags.role, flags.ttlHours * 3600, jwtAudience, flags.payee)}\n`);
      // On a terminal only: `TOKEN=$(npm run -s token …)` captures stdout, a pipe gets the token alone.
      if (io.progress.isTTY) io.err(`signed with ${secretSourceOf(config)}\n`);
      exitWith(0);
    });

export const rebuildCommand: CommandFactory = (io, exitWith) =>
  new Command('rebuild')
    .description('Ask the running service to rebuild a projection from zero while it keeps serving, then swap.')
    .requiredOption('--projection <name>', 'the projection (GET /projections lists them)')
    .option('--url <url>', 'the service; its port from LEDGER_PORT', defaultServiceUrl())
    .action(async (flags: { projection: string; url: string }) => exitWith(await rebuild(flags, io)));

async function rebuild(flags: { projection: string; url: string }, io: CliIo): Promise<number> {
  let base: URL;
  try {
    base = new URL(flags.url);
  } catch {
    throw new UsageError(`--url ${flags.url} is not a URL`);
  }
  const config = configForTokens();
  const token = mintToken(config.jwtSecret, config.jwtIssuer, 'ledger-cli', 'admin', 600, config.jwtAudience);
  const target = new URL(`projections/${encodeURIComponent(flags.projection)}/rebuild`, base.href.endsWith('/') ? base : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REBUILD_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new UsageError(`no ledger service answers at ${base.origin} (${why}): start it, or give --url (default from LEDGER_PORT)`);
  }
  io.out(`${await response.text()}\n`);
  if (response.status === 404) io.err(`rebuild: ${flags.projection}: no such projection (GET /projections lists them)\n`);
  return response.ok ? 0 : 1;
}
