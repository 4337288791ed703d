import { EventStoreUnavailableError } from './errors';

/**
 * Faults of the store's storage itself (not of the caller, not a lost race): the disk is full, the file
 * or its directory became read-only or was removed, the device fails. Each has a stable code that the
 * HTTP filter and /health can report; all are EventStoreUnavailableError, so code that only knows that
 * class still answers 503 STORE_UNAVAILABLE with Retry-After.
 */
export type StoreFaultCode =
  | 'STORE_DISK_FULL'
  | 'STORE_READ_ONLY'
  | 'STORE_IO_ERROR'
  | 'STORE_FILE_REMOVED'
  | 'STORE_TIMEOUT'
  | 'STORE_CONNECTION_LOST';

const HINTS: Record<StoreFaultCode, string> = {
  STORE_DISK_FULL: 'the disk holding the store is full; free space and writes resume by themselves',
  STORE_READ_ONLY: 'the store cannot be written (read-only file, directory or filesystem); make it writable',
  STORE_IO_ERROR: 'the device holding the store reported an I/O error; check the disk and the kernel log',
  STORE_FILE_REMOVED: 'the store file was removed or replaced while open; restore it and restart the service',
  STORE_TIMEOUT: 'the database did not answer within the statement timeout',
  STORE_CONNECTION_LOST: 'the connection to the database was lost',
};

/** Seconds a client should wait before retrying: about the time an operator or the probe needs. */
export const STORE_FAULT_RETRY_AFTER_SECONDS = 5;

export class EventStoreFaultError extends EventStoreUnavailableError {
  override readonly name = 'EventStoreFaultError';
  readonly retryAfterSeconds = STORE_FAULT_RETRY_AFTER_SECONDS;
  constructor(
    /** Stable machine code: add, never rename. */
    readonly code: StoreFaultCode,
    /** What the driver said, e.g. "database or disk is full". */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${HINTS[code]} (${detail})`, options);
  }
}

/**
 * SQLite's result codes for a failed write, by family (better-sqlite3 puts the extended code, e.g.
 * SQLITE_IOERR_FSYNC, on `error.code`). Undefined for anything else (constraints, misuse, busy).
 */
export function sqliteFaultCode(error: unknown): StoreFaultCode | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_READONLY_DBMOVED') return 'STORE_FILE_REMOVED';
  if (code === 'SQLITE_FULL') return 'STORE_DISK_FULL';
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) return 'STORE_READ_ONLY';
  if (code === 'SQLITE_IOERR' || code.startsWith('SQLITE_IOERR_')) return 'STORE_IO_ERROR';
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) return 'STORE_FILE_REMOVED';
  return undefined;
}

/** What /health reports while a write fault stands. */
export interface StoreWriteFault {
  code: StoreFaultCode;
  /** What the driver said the last time. */
  detail: string;
  /** When the fault was first seen (the first refused write). */
  since: Date;
  /** The latest refused write or failed probe. */
  lastSeen: Date;
}

/**
 * The standing write fault of one store, from its first refused commit until a commit (an append or the
 * health probe) succeeds again. Probes are rate-limited so a busy /health does not hammer a failing disk.
 */
export class WriteFaultTracker {
  private fault: StoreWriteFault | undefined;
  private lastProbeMs = -Infinity;

  constructor(
    private readonly clock: () => Date,
    private readonly probeIntervalMs = 1_000,
  ) {}

  current(): StoreWriteFault | undefined {
    return this.fault;
  }

  record(error: EventStoreFaultError): void {
    const now = this.clock();
    this.fault = { code: error.code, detail: error.detail, since: this.fault?.since ?? now, lastSeen: now };
  }

  clear(): void {
    this.fault = undefined;
  }

  /** True at most once per probe interval while a fault stands. */
  probeDue(nowMs: number): boolean {
    if (!this.fault || nowMs - this.lastProbeMs < this.probeIntervalMs) return false;
    this.lastProbeMs = nowMs;
    return true;
  }

  /** The standing fault as the error ping() and refused appends throw. */
  error(): EventStoreFaultError | undefined {
    const fault = this.fault;
    return fault && new EventStoreFaultError(fault.code, `${fault.detail}; since ${fault.since.toISOString()}`);
  }
}
