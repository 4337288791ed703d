import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { StoreKind } from '@ledger/event-store';

/** All configuration, read once from the environment and validated at start (LEDGER_* variables). */
export interface LedgerConfig {
  readonly store: StoreKind;
  readonly sqlitePath: string;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** Local SQLite file of projection snapshots (each instance keeps its own); ':memory:' in tests. */
  readonly projectionsPath: string;
  /** Readiness fails while a projection is further behind than this many positions. */
  readonly maxProjectionLagPositions: number;
  readonly databaseUrl: string | undefined;
  readonly postgresSchema: string;
  readonly kurrentdbUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly jwtSecret: string;
  /** Where the secret came from: the environment, or the generated development file. */
  readonly jwtSecretSource: 'env' | 'dev-file';
  readonly jwtIssuer: string;
  readonly jwksUrl: string | undefined;
  readonly bodyLimitBytes: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly timeZone: string;
  readonly commandRetryLimit: number;
  /** Upper bound on the whole graceful stop, every step of it (SHUTDOWN_STEPS). */
  readonly shutdownTimeoutMs: number;
  /**
   * Tests only (LEDGER_TEST_SHUTDOWN_STALL=<step>:<ms>, refused when NODE_ENV=production): block the
   * event loop for ms at the start of one shutdown step, as serialising a large snapshot does.
   */
  readonly testShutdownStall?: { readonly step: ShutdownStep; readonly ms: number };
}

/**
 * The steps of a graceful stop, in order, each inside the one LEDGER_SHUTDOWN_TIMEOUT_MS deadline; a stop
 * cut short logs the step's name and exits 1.
 */
export const SHUTDOWN_STEPS = ['stop-accepting', 'drain-requests', 'stop-projections', 'final-snapshot', 'close-store'] as const;
export type ShutdownStep = (typeof SHUTDOWN_STEPS)[number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const STORES: readonly StoreKind[] = ['sqlite', 'postgres', 'kurrentdb'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const DEFAULT_SQLITE_PATH = './data/ledger.db';
const MIN_SECRET_LENGTH = 32;

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env): LedgerConfig {
  const problems: string[] = [];
  const store = oneOf(env, 'LEDGER_STORE', STORES, 'sqlite', problems);
  const sqlitePath = env['LEDGER_SQLITE_PATH'] || DEFAULT_SQLITE_PATH;
  const databaseUrl = env['LEDGER_DATABASE_URL'] || env['DATABASE_URL'] || undefined;
  const kurrentdbUrl = env['LEDGER_KURRENTDB_URL'] || env['KURRENTDB_URL'] || undefined;
  if (store === 'postgres' && !databaseUrl) problems.push('LEDGER_STORE=postgres needs LEDGER_DATABASE_URL (or DATABASE_URL)');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('LEDGER_DATABASE_URL must start with postgres:// or postgresql://');
  if (store === 'kurrentdb' && !kurrentdbUrl) problems.push('LEDGER_STORE=kurrentdb needs LEDGER_KURRENTDB_URL (or KURRENTDB_URL)');
  if (kurrentdbUrl && !/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//.test(kurrentdbUrl)) {
    problems.push('LEDGER_KURRENTDB_URL must look like kurrentdb://host:2113?tls=false');
  }
  const { secret, source } = jwtSecret(env, sqlitePath, problems);
  const config: LedgerConfig = {
    store,
    sqlitePath,
    sqliteSynchronous: oneOf(env, 'LEDGER_SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL', problems),
    projectionsPath: env['LEDGER_PROJECTIONS_PATH'] || projectionsBeside(sqlitePath),
    maxProjectionLagPositions: integer(env, 'LEDGER_MAX_PROJECTION_LAG', 10_000, 0, 1_000_000_000, problems),
    databaseUrl,
    postgresSchema: identifier(env, 'LEDGER_POSTGRES_SCHEMA', 'ledger', problems),
    kurrentdbUrl,
    host: env['LEDGER_HOST'] || '0.0.0.0',
    port: integer(env, 'LEDGER_PORT', Number(env['PORT'] || 3000), 0, 65535, problems),
    jwtSecret: secret,
    jwtSecretSource: source,
    jwtIssuer: env['LEDGER_JWT_ISSUER'] || 'yibao-ledger',
    jwksUrl: env['LEDGER_JWKS_URL'] || undefined,
    bodyLimitBytes: integer(env, 'LEDGER_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 16 * 1024 * 1024, problems),
    logLevel: oneOf(env, 'LEDGER_LOG_LEVEL', LOG_LEVELS, 'info', problems),
    timeZone: env['LEDGER_TIMEZONE'] || 'Asia/Shanghai',
    commandRetryLimit: integer(env, 'LEDGER_COMMAND_RETRY_LIMIT', 5, 1, 20, problems),
    shutdownTimeoutMs: integer(env, 'LEDGER_SHUTDOWN_TIMEOUT_MS', 10_000, 100, 120_000, problems),
  };
  const testShutdownStall = shutdownStall(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return testShutdownStall ? { ...config, testShutdownStall } : config;
}

/** LEDGER_TEST_SHUTDOWN_STALL=<step>:<ms>: a test's way to make one shutdown step slow; never in production. */
function shutdownStall(env: Env, problems: string[]): LedgerConfig['testShutdownStall'] {
  const raw = env['LEDGER_TEST_SHUTDOWN_STALL'];
  if (raw === undefined || raw === '') return undefined;
  if (env['NODE_ENV'] === 'production') {
    problems.push('LEDGER_TEST_SHUTDOWN_STALL is for tests only and is refused when NODE_ENV=production');
    return undefined;
  }
  const match = /^([a-z-]+):([0-9]{1,6})$/.exec(raw);
  const step = SHUTDOWN_STEPS.find((s) => s === match?.[1]);
  if (!match || !step) {
    problems.push(`LEDGER_TEST_SHUTDOWN_STALL=${JSON.stringify(raw)} must be <step>:<ms> with a step among ${SHUTDOWN_STEPS.join(', ')}`);
    return undefined;
  }
  return { step, ms: Number(match[2]) };
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T, problems: string[]): T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push(`${name}=${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  return fallback;
}

function integer(env: Env, name: string, fallback: number, lo: number, hi: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < lo || value > hi) {
    problems.push(`${name}=${JSON.stringify(raw)} must be an integer in ${lo}..${hi}`);
    return fallback;
  }
  return value;
}

function identifier(env: Env, name: string, fallback: string, problems: string[]): string {
  const value = env[name] || fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) problems.push(`${name} must be a lower-case SQL identifier`);
  return value;
}

/**
 * Production (NODE_ENV=production) must set LEDGER_JWT_SECRET. Elsewhere, a random secret is generated
 * once into data/dev-jwt-secret beside the SQLite file, so `npm start` works with no setup and the CLI's
 * `token` command can mint tokens the local service accepts.
 */
function jwtSecret(env: Env, sqlitePath: string, problems: string[]): { secret: string; source: 'env' | 'dev-file' } {
  const fromEnv = env['LEDGER_JWT_SECRET'];
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) problems.push(`LEDGER_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return { secret: fromEnv, source: 'env' };
  }
  if (env['NODE_ENV'] === 'production') {
    problems.push('LEDGER_JWT_SECRET is required when NODE_ENV=production');
    return { secret: '', source: 'env' };
  }
  return { secret: devSecret(devSecretPath(sqlitePath)), source: 'dev-file' };
}

function projectionsBeside(sqlitePath: string): string {
  return sqlitePath === ':memory:' ? ':memory:' : resolve(dirname(resolve(sqlitePath)), 'projections.db');
}

export function devSecretPath(sqlitePath: string): string {
  const dir = sqlitePath === ':memory:' ? resolve('./data') : dirname(resolve(sqlitePath));
  return resolve(dir, 'dev-jwt-secret');
}

function devSecret(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
