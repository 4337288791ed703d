import { Worker } from 'node:worker_threads';
import { SHUTDOWN_STEPS, type ShutdownStep } from '@ledger/platform';

/**
 * A graceful stop as a sequence of named steps inside ONE deadline (LEDGER_SHUTDOWN_TIMEOUT_MS).
 *
 * A timer alone does not bound a stop: the final projection snapshot serialises and writes a large state
 * synchronously, the timer cannot fire while it runs, and the stop used to end with exit code 0 seconds
 * past the bound (issue 20.3: 9.3-14.8 s against 10 s at 3M events). So every step is raced against the
 * time left, checked against the deadline when it returns (a synchronous overrun is seen there), and a
 * watchdog thread, whose timer runs whatever the main thread is doing, kills the process shortly after
 * the deadline if a step still holds the main thread.
 */
export interface ShutdownStepSpec {
  name: ShutdownStep;
  /** Runs the step; `deadlineAtMs` (epoch ms) lets it leave out work that would not fit. */
  run(deadlineAtMs: number): Promise<void | { cutShort: string }>;
}

export type ShutdownOutcome =
  | { ok: true; elapsedMs: number }
  | { ok: false; step: ShutdownStep; elapsedMs: number; reason: string };

export interface RunShutdownOptions {
  timeoutMs: number;
  /** Called as each step begins (the watchdog names the step it finds running). */
  onStep?: (step: ShutdownStep) => void;
  /** Tests only (LEDGER_TEST_SHUTDOWN_STALL): block the event loop for ms at the start of a step. */
  stall?: { step: ShutdownStep; ms: number };
}

/**
 * Runs the steps in order. A step that is still running at the deadline, or that returns after it, ends
 * the stop at once, named. A step that left work out to keep the deadline (`cutShort`) is named too, but
 * the following steps still run (closing the store is cheap and worth doing).
 */
export async function runShutdown(steps: readonly ShutdownStepSpec[], options: RunShutdownOptions): Promise<ShutdownOutcome> {
  const startedMs = Date.now();
  const deadlineAtMs = startedMs + options.timeoutMs;
  const elapsed = (): number => Date.now() - startedMs;
  let firstCut: { step: ShutdownStep; reason: string } | undefined;
  for (const step of steps) {
    options.onStep?.(step.name);
    const result = await raceDeadline(step, deadlineAtMs, options.stall);
    if (result.kind === 'failed') return { ok: false, step: step.name, elapsedMs: elapsed(), reason: `failed: ${result.message}` };
    if (result.kind === 'timeout') {
      return { ok: false, step: step.name, elapsedMs: elapsed(), reason: `still running at the ${options.timeoutMs} ms deadline` };
    }
    if (Date.now() > deadlineAtMs) {
      return { ok: false, step: step.name, elapsedMs: elapsed(), reason: `finished past the ${options.timeoutMs} ms deadline` };
    }
    if (result.cutShort !== undefined) firstCut ??= { step: step.name, reason: result.cutShort };
  }
  return firstCut ? { ok: false, ...firstCut, elapsedMs: elapsed() } : { ok: true, elapsedMs: elapsed() };
}

type StepResult = { kind: 'done'; cutShort?: string } | { kind: 'timeout' } | { kind: 'failed'; message: string };

async function raceDeadline(step: ShutdownStepSpec, deadlineAtMs: number, stall: RunShutdownOptions['stall']): Promise<StepResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<StepResult>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), Math.max(0, deadlineAtMs - Date.now()));
  });
  const work = (async (): Promise<StepResult> => {
    if (stall?.step === step.name) blockEventLoop(stall.ms);
    const value = await step.run(deadlineAtMs);
    return { kind: 'done', ...(value ? { cutShort: value.cutShort } : {}) };
  })().catch((error: unknown): StepResult => ({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Blocks the thread without burning CPU, as a synchronous serialisation of a large state does. */
function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** How long after the deadline the watchdog kills a process whose main thread is still held by a step. */
export const HARD_KILL_GRACE_MS = 500;

export interface ShutdownWatchdog {
  enter(step: ShutdownStep): void;
  stop(): Promise<void>;
}

/**
 * A thread of its own whose timer fires even while a step holds the main thread: at the deadline plus
 * HARD_KILL_GRACE_MS it writes one error line (pino's JSON shape) naming the step then running and kills
 * the process (SIGKILL: nothing on the main thread can run any more). It never fires when the main
 * thread exits first, which it does whenever it gets the chance.
 */
export function startShutdownWatchdog(timeoutMs: number): ShutdownWatchdog {
  const current = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WATCHDOG_SOURCE, {
    eval: true,
    workerData: { current, steps: [...SHUTDOWN_STEPS], killAtMs: Date.now() + timeoutMs + HARD_KILL_GRACE_MS, timeoutMs, pid: process.pid },
    stdout: false,
    stderr: false,
  });
  worker.unref();
  return {
    enter: (step) => Atomics.store(current, 0, SHUTDOWN_STEPS.indexOf(step)),
    stop: async () => {
      await worker.terminate();
    },
  };
}

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { current, steps, killAtMs, timeoutMs, pid } = workerData;
setTimeout(() => {
  const step = steps[Atomics.load(current, 0)] || 'unknown';
  const line = { level: 50, time: new Date().toISOString(), pid, service: 'ledger-api', step, timeoutMs,
    msg: 'shutdown cut short at step ' + step + ': still holding the main thread ' + ${HARD_KILL_GRACE_MS} + ' ms after the ' + timeoutMs + ' ms deadline; killing the process' };
  try { writeSync(1, JSON.stringify(line) + '\\n'); } finally { process.kill(pid, 'SIGKILL'); }
}, Math.max(0, killAtMs - Date.now()));
`;
