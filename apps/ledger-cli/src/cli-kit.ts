import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { CliIo } from './commands/ledger-session';
import { UsageError } from './usage-error';

/** Sets the process's exit code from inside an action (commander's actions return nothing). */
export type ExitWith = (code: number) => void;

/** One command of the CLI: its declaration (options, help) and its action, writing through io. */
export type CommandFactory = (io: CliIo, exitWith: ExitWith) => Command;

/**
 * Every command alike: errors thrown instead of process.exit (the caller decides the exit code and lets
 * output drain), help and errors through io, a usage error as one line that points at the command's help.
 */
export function configure(command: Command, io: CliIo): Command {
  command
    .exitOverride()
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(`${text.trim().replace(/\s*\n\s*/g, ' ')} (see ${commandPath(command)} --help)\n`),
    });
  for (const sub of command.commands) configure(sub, io);
  return command;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Parses argv (without node and the script) and runs the action: the exit code, 0 for help, 2 for any bad
 * usage (commander's own errors and UsageError, one line each). Domain and store errors propagate.
 */
export async function runProgram(program: Command, argv: readonly string[], io: CliIo, exitCode: () => number): Promise<number> {
  let current = program.name();
  program.hook('preAction', (_program, action) => {
    current = commandPath(action);
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.err(`${current}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** Runs one command on its own (the specs call allocate/close-year with argv, as the shell does). */
export function runSingle(factory: CommandFactory, argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  const command = configure(factory(io, (c) => (code = c)), io);
  return runProgram(command, argv, io, () => code);
}

export const yearArg = (value: string): number => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('must be a year, e.g. 2025.');
  return Number(value);
};

export const integerIn =
  (lo: number, hi: number, hint = '') =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d{1,9}$/.test(value) || n < lo || n > hi) throw new InvalidArgumentError(`must be an integer in ${lo}..${hi}${hint}.`);
    return n;
  };

export const dateArg = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('must be a date, yyyy-mm-dd.');
  }
  return value;
};

/** The local service's URL: LEDGER_PORT (else PORT, as the service reads them), on the loopback address. */
export function defaultServiceUrl(env: NodeJS.ProcessEnv = process.env): string {
  const port = env['LEDGER_PORT'] || env['PORT'] || '3000';
  return `http://127.0.0.1:${port}`;
}
