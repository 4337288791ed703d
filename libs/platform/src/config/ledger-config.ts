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
  /**
   * The durable read models' SQLite file (LEDGER_READ_MODELS_PATH) for the SQLite and KurrentDB stores;
   * default read-models.db beside the SQLite store, ':memory:' with an in-memory store. With the
   * PostgreSQL store the read models are tables of the same database instead (schema `<schema>_read`).
   */
  readonly readModelsPath: string;
  /** Readiness fails while a projection is further behind than this many positions. */
  readonly maxProjectionLagPositions: number;
  readonly databaseUrl: string | undefined;
  readonly postgresSchema: string;
  /** statement_timeout of the service's PostgreSQL sessions: a stalled statement becomes a clean 503 STORE_TIMEOUT. */
  readonly postgresStatementTimeoutMs: number;
  /** idle_in_transaction_session_timeout: the server ends a session stuck inside a transaction (frees the append lock). */
  readonly postgresIdleInTransactionTimeoutMs: number;
  readonly kurrentdbUrl: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly jwtSecret: string;
  /** Where the secret came from: the environment, or the generated development file. */
  readonly jwtSecretSource: 'env' | 'dev-file';
  /** The dev secret's file (absolute) when jwtSecretSource is dev-file: named by a 401 for a bad signature. */
  readonly jwtSecretFile: string | undefined;
  readonly jwtIssuer: string;
  /** When set (LEDGER_JWT_AUDIENCE), a token's `aud` must contain it. */
  readonly jwtAudience: string | undefined;
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
  // --- HTTP edge (apps/ledger-api/src/http-edge.ts) ---
  /** Requests per rateLimitWindowMs per token subject (else per client IP); 0 = no limit. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** When set, /metrics is served on this port only (no token); otherwise on the API port to admin tokens. */
  readonly metricsPort: number | undefined;
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
  const { secret, source, file } = jwtSecret(env, sqlitePath, problems);
  const config: LedgerConfig = {
    store,
    sqlitePath,
    sqliteSynchronous: oneOf(env, 'LEDGER_SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL', problems),
    projectionsPath: env['LEDGER_PROJECTIONS_PATH'] || projectionsBeside(sqlitePath),
    readModelsPath: env['LEDGER_READ_MODELS_PATH'] || besideStore(sqlitePath, 'read-models.db'),
    maxProjectionLagPositions: integer(env, 'LEDGER_MAX_PROJECTION_LAG', 10_000, 0, 1_000_000_000, problems),
    databaseUrl,
    postgresSchema: identifier(env, 'LEDGER_POSTGRES_SCHEMA', 'ledger', problems),
    postgresStatementTimeoutMs: integer(env, 'LEDGER_POSTGRES_STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000, problems),
    postgresIdleInTransactionTimeoutMs: integer(env, 'LEDGER_POSTGRES_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 100, 3_600_000, problems),
    kurrentdbUrl,
    host: env['LEDGER_HOST'] || '0.0.0.0',
    port: integer(env, 'LEDGER_PORT', Number(env['PORT'] || 3000), 0, 65535, problems),
    jwtSecret: secret,
    jwtSecretSource: source,
    jwtSecretFile: file,
    jwtIssuer: env['LEDGER_JWT_ISSUER'] || 'yibao-ledger',
    jwtAudience: env['LEDGER_JWT_AUDIENCE'] || undefined,
    jwksUrl: env['LEDGER_JWKS_URL'] || undefined,
    bodyLimitBytes: integer(env, 'LEDGER_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 16 * 1024 * 1024, problems),
    logLevel: oneOf(env, 'LEDGER_LOG_LEVEL', LOG_LEVELS, 'info', problems),
    timeZone: env['LEDGER_TIMEZONE'] || 'Asia/Shanghai',
    commandRetryLimit: integer(env, 'LEDGER_COMMAND_RETRY_LIMIT', 5, 1, 20, problems),
    shutdownTimeoutMs: integer(env, 'LEDGER_SHUTDOWN_TIMEOUT_MS', 10_000, 100, 120_000, problems),
    ...httpEdgeConfig(env, problems),
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

/** The HS256 secret and where it came from; `file` is the dev secret's path when it came from one. */
export interface JwtSecretChoice {
  readonly secret: string;
  readonly source: 'env' | 'dev-file';
  readonly file: string | undefined;
}

/**
 * The one place that decides the HS256 secret, for the service and the CLI alike (both call loadConfig).
 * LEDGER_JWT_SECRET wins; production must set it. Elsewhere the secret's one home is `dev-jwt-secret` in the
 * data directory (beside LEDGER_SQLITE_PATH; ./data by default), generated once, so `npm start` works with no
 * setup. The CLI's `token` sets LEDGER_JWT_DEV_SECRET=existing: it reads that file and never writes one of
 * its own, so a token minted for a service on another data directory is refused here, naming the file
 * (issue #16: it used to write a second secret whose tokens the service answered with 401).
 */
function jwtSecret(env: Env, sqlitePath: string, problems: string[]): JwtSecretChoice {
  const fromEnv = env['LEDGER_JWT_SECRET'];
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) problems.push(`LEDGER_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    return { secret: fromEnv, source: 'env', file: undefined };
  }
  if (env['NODE_ENV'] === 'production') {
    problems.push('LEDGER_JWT_SECRET is required when NODE_ENV=production');
    return { secret: '', source: 'env', file: undefined };
  }
  const file = devSecretPath(sqlitePath);
  const mode = env['LEDGER_JWT_DEV_SECRET'] || 'create';
  if (mode !== 'create' && mode !== 'existing') {
    problems.push(`LEDGER_JWT_DEV_SECRET=${JSON.stringify(mode)} is not one of create, existing`);
  } else if (mode === 'existing' && !existsSync(file)) {
    problems.push(
      `no dev JWT secret at ${file}: start the service once with this data directory (LEDGER_SQLITE_PATH=${sqlitePath}), ` +
        'or give both the same LEDGER_JWT_SECRET',
    );
    return { secret: '', source: 'dev-file', file };
  }
  return { secret: devSecret(file), source: 'dev-file', file };
}

function projectionsBeside(sqlitePath: string): string {
  return besideStore(sqlitePath, 'projections.db');
}

function besideStore(sqlitePath: string, file: string): string {
  return sqlitePath === ':memory:' ? ':memory:' : resolve(dirname(resolve(sqlitePath)), file);
}

export function devSecretPath(sqlitePath: string): string {
  const dir = sqlitePath === ':memory:' ? resolve('./data') : dirname(resolve(sqlitePath));
  return resolve(dir, 'dev-jwt-secret');
}

function devSecret(path: string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    // 'wx': of two processes starting together, one writes and the other reads the winner's secret.
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(path, 'utf8').trim();
  }
}

/** Production answers up to 600 requests a minute per token subject; elsewhere (dev, tests, bench) no limit unless set. */
const PRODUCTION_RATE_LIMIT_MAX = 600;

/** The HTTP edge's keys: rate limit (LEDGER_RATE_LIMIT_MAX, LEDGER_RATE_LIMIT_WINDOW_MS) and LEDGER_METRICS_PORT. */
function httpEdgeConfig(env: Env, problems: string[]): Pick<LedgerConfig, 'rateLimitMax' | 'rateLimitWindowMs' | 'metricsPort'> {
  const defaultMax = env['NODE_ENV'] === 'production' ? PRODUCTION_RATE_LIMIT_MAX : 0;
  const rawPort = env['LEDGER_METRICS_PORT'];
  // 0 picks a free port (tests); the service logs the one it got.
  const metricsPort = rawPort === undefined || rawPort === '' ? undefined : integer(env, 'LEDGER_METRICS_PORT', 0, 0, 65535, problems);
  if (metricsPort !== undefined && metricsPort !== 0 && rawPort === (env['LEDGER_PORT'] || env['PORT'] || '3000')) {
    problems.push('LEDGER_METRICS_PORT must differ from LEDGER_PORT');
  }
  return {
    rateLimitMax: integer(env, 'LEDGER_RATE_LIMIT_MAX', defaultMax, 0, 1_000_000, problems),
    rateLimitWindowMs: integer(env, 'LEDGER_RATE_LIMIT_WINDOW_MS', 60_000, 1000, 3_600_000, problems),
    metricsPort,
  };
}
