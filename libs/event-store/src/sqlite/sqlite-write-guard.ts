import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { EventStoreUnavailableError } from '../errors';
import { EventStoreFaultError, WriteFaultTracker, sqliteFaultCode, type StoreWriteFault } from '../store-faults';

/** Enough to need fresh pages (the default page is 4 KiB): a probe that fits in free space proves little. */
const PROBE_BYTES = 16 * 1024;

interface FileIdentity {
  dev: number;
  ino: number;
}

/**
 * What keeps a failing disk from turning into lost or half-written appends on the SQLite store:
 *
 * - Disk full, read-only, I/O error: SQLite refuses the statement or the COMMIT. The caller makes the
 *   whole batch fail (`isFault` rethrows out of the per-append savepoints), `failed` rolls back whatever
 *   is still open so the connection can begin the next batch, and records the fault for /health.
 * - Removed or replaced file: SQLite keeps writing into the unlinked inode without any error, and every
 *   such commit would vanish at the next start. So the file's identity (device, inode) is checked before
 *   and after each commit: appends that may have gone to a ghost file are refused (never acknowledged),
 *   and the fault stands until a restart opens the restored file.
 *
 * A standing fault clears on the next successful commit, or when ping() finds that a probe commit works:
 * that is how writes resume once space returns, even when no client is sending.
 */
export class SqliteWriteGuard {
  private readonly faults: WriteFaultTracker;
  private readonly identity: FileIdentity | undefined;
  private probe: Database.Transaction<() => void> | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    clock: () => Date,
  ) {
    this.faults = new WriteFaultTracker(clock);
    this.identity = path === ':memory:' ? undefined : identityOf(path);
  }

  current(): StoreWriteFault | undefined {
    return this.faults.current();
  }

  /** A fault of the storage, which must fail the whole batch rather than one append. */
  isFault(error: unknown): boolean {
    return sqliteFaultCode(error) !== undefined;
  }

  /** Before a commit: the error to refuse it with when the file is gone, else undefined. */
  beforeCommit(): EventStoreFaultError | undefined {
    return this.fileReplaced();
  }

  /** After a commit: undefined when it went to the file at `path` (and any fault is over). */
  afterCommit(): EventStoreFaultError | undefined {
    const replaced = this.fileReplaced();
    if (!replaced) this.faults.clear();
    return replaced;
  }

  /** A commit (or import) threw: leave no transaction open, and name the fault. */
  failed(error: unknown): EventStoreUnavailableError {
    if (this.db.inTransaction) {
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // Already rolled back by SQLite (it does so itself after SQLITE_FULL and I/O errors).
      }
    }
    const code = sqliteFaultCode(error);
    if (!code) return new EventStoreUnavailableError('SQLite commit failed', { cause: error });
    const fault = new EventStoreFaultError(code, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
    this.faults.record(fault);
    return fault;
  }

  /** Command records must not vouch for appends that only a removed file holds. */
  assertFileInPlace(): void {
    if (this.faults.current()?.code === 'STORE_FILE_REMOVED') throw this.faults.error()!;
  }

  /**
   * For ping(): throws the standing fault, unless a probe commit (at most one a second) shows that
   * writing works again, which clears it. A removed file never comes back to this handle.
   */
  check(): void {
    const standing = this.faults.current();
    if (!standing) return;
    if (standing.code !== 'STORE_FILE_REMOVED' && this.faults.probeDue(Date.now())) {
      try {
        this.probeCommit();
        const replaced = this.afterCommit();
        if (replaced) throw replaced;
        return;
      } catch (error) {
        if (error instanceof EventStoreFaultError) throw error;
        throw this.failed(error);
      }
    }
    throw this.faults.error()!;
  }

  /** A real commit that needs fresh pages and leaves nothing behind: inserted and deleted in one transaction. */
  private probeCommit(): void {
    this.probe ??= this.db.transaction(() => {
      this.db.prepare('INSERT INTO store_probe (id, pad) VALUES (1, zeroblob(?))').run(PROBE_BYTES);
      this.db.prepare('DELETE FROM store_probe WHERE id = 1').run();
    });
    this.probe.immediate();
  }

  private fileReplaced(): EventStoreFaultError | undefined {
    if (!this.identity) return undefined;
    const now = identityOf(this.path);
    if (now && now.dev === this.identity.dev && now.ino === this.identity.ino) return undefined;
    const fault = new EventStoreFaultError(
      'STORE_FILE_REMOVED',
      now ? `${this.path} is another file than the one opened` : `${this.path} no longer exists`,
    );
    this.faults.record(fault);
    return fault;
  }
}

function identityOf(path: string): FileIdentity | undefined {
  try {
    const stats = statSync(path);
    return { dev: stats.dev, ino: stats.ino };
  } catch {
    return undefined;
  }
}

/** better-sqlite3 transactions are created once; lazy so the database exists when they are built. */
export function lazyTransaction<A extends unknown[], R>(
  db: () => Database.Database,
  fn: (...args: A) => R,
): Database.Transaction<(...args: A) => R> {
  let tx: Database.Transaction<(...args: A) => R> | undefined;
  const run = ((...args: A) => {
    tx ??= db().transaction(fn);
    return tx(...args);
  }) as Database.Transaction<(...args: A) => R>;
  run.immediate = (...args: A) => {
    tx ??= db().transaction(fn);
    return tx.immediate(...args);
  };
  return run;
}
