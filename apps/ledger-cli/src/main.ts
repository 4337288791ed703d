import 'reflect-metadata';
import { processIo } from './commands/ledger-session';
import { runMain } from './run-main';

/**
 * Exits once everything written has reached the pipe: process.exit() drops what a full pipe still
 * queues (a report piped into jq was cut at 131,072 bytes with exit 0). A write's callback runs after
 * every earlier write has been handed to the OS.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stderr.write('', () => process.stdout.write('', () => process.exit(code)));
}

void runMain(process.argv.slice(2), processIo()).then(exitWhenFlushed);
