import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './ledger-config';

describe('configuration from the environment', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const base = () => ({ LEDGER_SQLITE_PATH: join(dir, 'ledger.db') });

  it('defaults to the embedded SQLite store with FULL sync and a generated dev secret', () => {
    const config = loadConfig(base());
    expect(config).toMatchObject({ store: 'sqlite', sqliteSynchronous: 'FULL', port: 3000, jwtSecretSource: 'dev-file' });
    expect(readFileSync(join(dir, 'dev-jwt-secret'), 'utf8').trim()).toBe(config.jwtSecret);
    expect(loadConfig(base()).jwtSecret).toBe(config.jwtSecret); // stable across starts
  });

  it.each([
    [{ LEDGER_STORE: 'oracle' }, /LEDGER_STORE="oracle" is not one of sqlite, postgres, kurrentdb/],
    [{ LEDGER_STORE: 'postgres' }, /needs LEDGER_DATABASE_URL/],
    [{ LEDGER_STORE: 'kurrentdb' }, /needs LEDGER_KURRENTDB_URL/],
    [{ LEDGER_DATABASE_URL: 'mysql://x' }, /must start with postgres/],
    [{ LEDGER_PORT: '70000' }, /LEDGER_PORT/],
    [{ LEDGER_SQLITE_SYNCHRONOUS: 'OFF' }, /LEDGER_SQLITE_SYNCHRONOUS/],
    [{ LEDGER_JWT_SECRET: 'short' }, /at least 32 characters/],
    [{ NODE_ENV: 'production' }, /LEDGER_JWT_SECRET is required/],
    [{ LEDGER_BODY_LIMIT_BYTES: '1e6' }, /LEDGER_BODY_LIMIT_BYTES/],
    [{ LEDGER_TEST_SHUTDOWN_STALL: 'final-snapshot:100', NODE_ENV: 'production', LEDGER_JWT_SECRET: 'x'.repeat(40) }, /LEDGER_TEST_SHUTDOWN_STALL is for tests only/],
    [{ LEDGER_TEST_SHUTDOWN_STALL: 'nap:100' }, /LEDGER_TEST_SHUTDOWN_STALL="nap:100" must be <step>:<ms>/],
    [{ LEDGER_TEST_SHUTDOWN_STALL: 'final-snapshot' }, /must be <step>:<ms>/],
  ])('refuses %p with a clear message', (env, message) => {
    expect(() => loadConfig({ ...base(), ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base(), ...env })).toThrow(message);
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        loadConfig({ ...base(), LEDGER_STORE: 'x', LEDGER_PORT: 'y' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(error.problems).toHaveLength(2);
  });

  it('reads a test-only shutdown stall outside production, and none by default', () => {
    expect(loadConfig(base()).testShutdownStall).toBeUndefined();
    expect(loadConfig({ ...base(), LEDGER_TEST_SHUTDOWN_STALL: 'final-snapshot:1500' }).testShutdownStall).toEqual({ step: 'final-snapshot', ms: 1500 });
  });

  it('keeps the durable read models beside the SQLite store unless LEDGER_READ_MODELS_PATH says where', () => {
    expect(loadConfig(base()).readModelsPath).toBe(join(dir, 'read-models.db'));
    expect(loadConfig({ ...base(), LEDGER_READ_MODELS_PATH: join(dir, 'rm', 'x.db') }).readModelsPath).toBe(join(dir, 'rm', 'x.db'));
    expect(loadConfig({ ...base(), LEDGER_SQLITE_PATH: ':memory:' }).readModelsPath).toBe(':memory:');
  });

  it('accepts PostgreSQL and KurrentDB URLs', () => {
    expect(loadConfig({ ...base(), LEDGER_STORE: 'postgres', DATABASE_URL: 'postgres://u:p@localhost:5432/ledger' }).databaseUrl).toContain('5432');
    expect(loadConfig({ ...base(), LEDGER_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://localhost:2113?tls=false' }).store).toBe('kurrentdb');
  });
});
