import { Worker } from 'node:worker_threads';

/** Runs gc() when node was started with --expose-gc (the bench script does). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

export function summarise(samplesMs: number[]): { n: number; p50: number; p99: number; max: number; mean: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean,
  };
}

/**
 * `workers` async loops call `step(worker, iteration)` until `durationMs` has passed or `maxOps` steps
 * started, whichever comes first. Returns completed operations per second over the measured window.
 */
export async function timedLoops(
  workers: number,
  durationMs: number,
  maxOps: number,
  step: (worker: number, iteration: number) => Promise<void>,
): Promise<{ ops: number; seconds: number; rate: number }> {
  let started = 0;
  let done = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let iteration = 0; ; iteration += 1) {
        if (started >= maxOps || performance.now() >= deadline) return;
        started += 1;
        await step(worker, iteration);
        done += 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { ops: done, seconds, rate: done / seconds };
}

/** Runs `count` jobs with `concurrency` async callers pulling the next index. */
export async function pool(concurrency: number, count: number, job: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await job(index);
      }
    }),
  );
}

/**
 * Peak RSS of this process, sampled by a worker thread every `everyMs` (it keeps sampling while the main
 * thread is busy in a microtask-only loop, where a setInterval would never fire) plus explicit samples.
 */
export class RssSampler {
  private peak = process.memoryUsage.rss();
  private readonly worker: Worker;
  private readonly shared = new BigInt64Array(new SharedArrayBuffer(8));

  constructor(everyMs = 10) {
    this.worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       const cell = workerData.cell;
       setInterval(() => { const rss = BigInt(process.memoryUsage.rss()); if (rss > Atomics.load(cell, 0)) Atomics.store(cell, 0, rss); }, workerData.everyMs);`,
      { eval: true, workerData: { cell: this.shared, everyMs } },
    );
    this.worker.unref();
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  reset(): void {
    this.peak = process.memoryUsage.rss();
    Atomics.store(this.shared, 0, 0n);
  }

  peakBytes(): number {
    this.sample();
    return Math.max(this.peak, Number(Atomics.load(this.shared, 0)));
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

export const mib = (bytes: number): number => Math.round(bytes / (1024 * 1024));

export function fmtRate(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}
