import { userInfo } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { DomainError } from '@ledger/kernel';
import type { EventStore } from '@ledger/event-store';
import { CommandEnvelopeFactory, CommandPipeline, EVENT_STORE, loadConfig, type LedgerConfig, type Principal, type Role } from '@ledger/platform';
import { CliModule } from '../cli.module';

/**
 * The CLI's batch commands run next to the store, in a Nest application context of the API's own modules
 * (CliModule): the same commands and queries to the same handlers, with no HTTP body limit and no
 * projections started. The embedded SQLite file belongs to one process: stop the service first, or use the
 * HTTP API (or PostgreSQL / KurrentDB, which take several writers).
 */
export interface LedgerSession {
  readonly commands: CommandBus;
  readonly queries: QueryBus;
  readonly envelopes: CommandEnvelopeFactory;
  /** The store behind the buses, for reads a command needs besides its queries (the demo's foreign-event check). */
  readonly store?: EventStore;
  /** The pipeline's own idempotency check (earlierResult), which batch work asks before redoing a step. */
  readonly pipeline?: CommandPipeline;
  close(): Promise<void>;
}

export async function openLedgerSession(config: LedgerConfig = loadConfig()): Promise<LedgerSession> {
  // No Nest log lines (stdout carries the tables and JSON); a failed start throws instead of exiting.
  const app = await NestFactory.createApplicationContext(CliModule.register({ config }), {
    logger: false,
    abortOnError: false,
  });
  return {
    commands: app.get(CommandBus),
    queries: app.get(QueryBus),
    envelopes: app.get(CommandEnvelopeFactory),
    store: app.get<symbol, EventStore>(EVENT_STORE),
    pipeline: app.get(CommandPipeline),
    // Closes the store after in-flight appends (EventStoreLifecycle).
    close: () => app.close(),
  };
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

/**
 * A domain error (a refusal by a decider, a reused command id, a busy or unavailable store), printed as
 * `CODE field: message` rather than a stack trace; undefined for anything else (a bug: the stack helps).
 */
export function describeRefusal(error: unknown): string | undefined {
  if (!(error instanceof DomainError)) return undefined;
  return `${error.code}${error.field === undefined ? '' : ` ${error.field}`}: ${error.message}`;
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
