import { Command } from 'commander';
import { type CommandFactory, configure, runProgram } from './cli-kit';
import { allocateCommand } from './commands/allocate';
import { closeYearCommand } from './commands/close-year';
import { demoCommand } from './commands/demo';
import type { CliIo } from './commands/ledger-session';
import { rebuildCommand, tokenCommand } from './commands/service-commands';
import { backupCommand, exportLogCommand, replayLogCommand, verifyCommand } from './commands/store-commands';

const COMMANDS: readonly CommandFactory[] = [
  tokenCommand,
  verifyCommand,
  exportLogCommand,
  replayLogCommand,
  rebuildCommand,
  backupCommand,
  allocateCommand,
  closeYearCommand,
  demoCommand,
];

/** The whole CLI: `ledger-cli <command> [options]`, each command with its own --help. */
export function buildProgram(io: CliIo, exitWith: (code: number) => void): Command {
  const program = new Command('ledger-cli')
    .description("The 医保基金 fund ledger's command line (npm run cli -- <command>, after npm run build).")
    .addHelpText(
      'after',
      '\nThe store is the one the environment configures (LEDGER_STORE, LEDGER_SQLITE_PATH, LEDGER_DATABASE_URL, ...).\n' +
        'Exit codes: 0 ok, 1 a check failed or a command was refused, 2 usage or configuration error.\n' +
        'Run `ledger-cli <command> --help` for a command\'s options.',
    );
  for (const factory of COMMANDS) program.addCommand(factory(io, exitWith));
  return configure(program, io);
}

/** Runs the CLI on argv (without node and the script); the exit code. */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  return runProgram(buildProgram(io, (c) => (code = c)), argv, io, () => code);
}
