import { userInfo } from 'node:os';
import { loadConfig, openEventStore, type LedgerConfig, type Principal, type Role } from '@ledger/platform';
import { type StandaloneServices, standaloneServices } from '@ledger/fund-ledger/fund-close/standalone-services';

/**
 * The CLI's batch commands run next to the store, through the same classes the API uses (CommandPipeline,
 * RegistryLookups, the hospital-budget SettleYearEndHandler) wired by hand: no Nest, no HTTP body limit, no
 * projections started. The embedded SQLite file belongs to one process: stop the service first, or use the
 * HTTP API (or PostgreSQL / KurrentDB, which take several writers).
 */
export interface LedgerSession {
  readonly services: StandaloneServices;
  close(): Promise<void>;
}

export async function openLedgerSession(config: LedgerConfig = loadConfig()): Promise<LedgerSession> {
  const store = await openEventStore(config);
  return { services: standaloneServices(store, config), close: () => store.close() };
}

/** What a batch command needs from its surroundings; tests hand in their own. */
export interface CliIo {
  /** Results (tables, JSON). */
  out(text: string): void;
  /** Problems. */
  err(text: string): void;
  /** Where the progress bar draws (it draws only on a terminal). */
  readonly progress: NodeJS.WriteStream;
  openSession(): Promise<LedgerSession>;
}

export const processIo = (): CliIo => ({
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  progress: process.stderr,
  openSession: () => openLedgerSession(),
});

/** The actor recorded on every event the command appends. */
export function cliPrincipal(role: Role, actor: string | undefined): Principal {
  return { actor: actor ?? `cli:${safeUser()}`, role };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** A problem a decider or the pipeline raised (400/404/409/422), printed as `CODE field: message`. */
export function describeRefusal(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as Error & { code?: unknown; field?: unknown; status?: unknown; kind?: unknown };
  const refusal =
    e.name === 'DomainError' || (e.name === 'ProblemException' && typeof e.status === 'number' && e.status < 500);
  if (!refusal || typeof e.code !== 'string') return undefined;
  return `${e.code}${typeof e.field === 'string' ? ` ${e.field}` : ''}: ${e.message}`;
}

/** Columns padded to their widest cell; numbers (amounts) right-aligned. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^-?[\d.,]*$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
