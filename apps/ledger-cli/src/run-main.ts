import { DomainError } from '@ledger/kernel';
import { ConfigError } from '@ledger/platform';
import type { CliIo } from './commands/ledger-session';
import { runCli } from './program';

/** Node's own errors (a file that cannot be opened, a full disk): their one-line message is the answer. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException;
  return error instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string';
}

/**
 * The CLI as the process runs it: the exit code, every expected failure as one line on stderr. Bad usage
 * and configuration exit 2; a refusal prints its stable code and message (exit 1, 2 for validation); only a
 * bug prints its stack.
 */
export async function runMain(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await runCli(argv, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`invalid configuration: ${error.problems.join('; ')}\n`);
      return 2;
    }
    if (error instanceof DomainError) {
      // A refusal is an answer, not a crash: its stable code and message, no stack.
      io.err(`${error.code}: ${error.message}${error.field ? ` (field ${error.field})` : ''}\n`);
      return error.kind === 'validation' ? 2 : 1;
    }
    if (isSystemError(error)) {
      io.err(`${error.message}\n`);
      return 1;
    }
    io.err(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
