import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type CommandOutcome = 'accepted' | 'replayed' | 'no_op' | 'rejected' | 'conflict' | 'unavailable' | 'error';

/** Lag figures a read side reports at scrape time. */
export interface LagSample {
  projection: string;
  lagPositions: number;
  lagSeconds: number;
  restarts: number;
}

/** The service's Prometheus metrics, on a registry of its own (tests create as many apps as they like). */
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: 'ledger_commands_total',
    help: 'Commands handled, by command type and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly commandSeconds = new Histogram({
    name: 'ledger_command_duration_seconds',
    help: 'Command latency from pipeline entry to answer, by command type and outcome',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly appendSeconds = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Event-store append latency (durable commit included)',
    labelNames: ['store'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly storeErrors = new Counter({
    name: 'ledger_store_errors_total',
    help: 'Event-store operations that failed for a reason other than a concurrency conflict',
    labelNames: ['store', 'operation'] as const,
    registers: [this.registry],
  });
  private readonly lagPositions = new Gauge({
    name: 'ledger_projection_lag_positions',
    help: 'Global positions between the store head and the projection checkpoint',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  private readonly lagSeconds = new Gauge({
    name: 'ledger_projection_lag_seconds',
    help: 'Seconds between the newest event and the last event the projection applied',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  private readonly restarts = new Gauge({
    name: 'ledger_subscription_restarts',
    help: 'Times a projection subscription was restarted after an error (since process start)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  private lagSources: Array<() => Promise<LagSample[]>> = [];

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'ledger_process_' });
  }

  observeCommand(command: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.inc({ command, outcome });
    this.commandSeconds.observe({ command, outcome }, seconds);
  }

  /** Read sides register here; their lag is sampled on each scrape. */
  addLagSource(source: () => Promise<LagSample[]>): void {
    this.lagSources.push(source);
  }

  async render(): Promise<string> {
    for (const source of this.lagSources) {
      for (const sample of await source()) {
        this.lagPositions.set({ projection: sample.projection }, sample.lagPositions);
        this.lagSeconds.set({ projection: sample.projection }, sample.lagSeconds);
        this.restarts.set({ projection: sample.projection }, sample.restarts);
      }
    }
    return this.registry.metrics();
  }
}
