import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Command } from 'commander';
import { MAX_PAGE_SIZE, type EventStore, type JsonObject } from '@ledger/event-store';
import { deterministicUuid, flattenValidationErrors, type CommandResult } from '@ledger/platform';
import type { FundCloseOutcome } from '@ledger/fund-ledger/fund-close/close-fund-year/close-fund-year.command';
import type { AllocationCommitResult } from '@ledger/fund-ledger/allocation/commit-allocation-run/commit-allocation-run.command';
import { type CommandFactory } from '../cli-kit';
import { ProgressBar } from '../progress';
import { UsageError } from '../usage-error';
import { DEMO_SEED, DEMO_YEAR } from './demo/demo-city';
import { demoPlan, type DemoPhase, type DemoStep } from './demo/demo-plan';
import { demoSummary, type DemoOutcomes } from './demo/demo-summary';
import { type CliIo, describeRefusal, type LedgerSession } from './ledger-session';

/** Lanes (independent streams) run side by side, a few at a time: group commit without a stampede. */
const LANE_CONCURRENCY = 8;
/** Events scanned for one that is not the demo's before the store counts as someone else's. */
const MAX_SCAN_EVENTS = 1_000_000;
/** Every event the demo appends carries one of these actors (derived commands keep their parent's). */
export const DEMO_ACTORS = ['demo.finance', 'demo.planner'] as const;

export interface DemoFlags {
  force?: boolean;
  json?: boolean;
}

export const demoCommand: CommandFactory = (io, exitWith) =>
  new Command('demo')
    .description(
      `Seed the store with a small city through the real command path: 4 funds, 50 hospitals with agreements, a year (${DEMO_YEAR}) of ` +
        'contributions, quotas, prepayments, settlements with refusals, a clawback, damages and a fine, scores, the year-end close, ' +
        `then ${DEMO_YEAR + 1}'s fund budget and allocation run. Deterministic and idempotent (run it again: nothing is appended). ` +
        'Refuses a store that holds other events unless --force.',
    )
    .option('--force', 'seed even though the store holds events that are not the demo\'s')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: DemoFlags) => {
      const session = await io.openSession();
      try {
        exitWith(await runDemo(session, io, flags));
      } finally {
        await session.close();
      }
    });

/** Runs the demo's plan on the session; the exit code (0 seeded, 1 a command refused). */
export async function runDemo(session: LedgerSession, io: CliIo, flags: DemoFlags = {}): Promise<number> {
  const store = session.store;
  if (!store) throw new Error('the demo needs the session store');
  const foreign = await firstForeignEvent(store);
  if (foreign && !flags.force) {
    throw new UsageError(`the store already holds other events (${foreign}): demo seeds a fresh store; give --force to seed this one anyway`);
  }
  const plan = demoPlan();
  const total = plan.phases.reduce((n, phase) => n + phase.lanes.reduce((m, lane) => m + lane.length, 0), 0);
  const before = await store.headPosition();
  const bar = new ProgressBar('demo commands', total, io.progress);
  const outcomes: DemoOutcomes = { appended: 0, replayed: 0, closes: [], allocation: null };
  let done = 0;
  try {
    for (const phase of plan.phases) {
      await runPhase(session, phase, outcomes, () => bar.update((done += 1)));
    }
  } catch (error) {
    bar.finish();
    const refusal = describeRefusal(error);
    if (refusal === undefined) throw error;
    io.err(`demo refused: ${refusal}\n`);
    return 1;
  }
  bar.finish();
  const summary = demoSummary(plan, outcomes, { before, after: await store.headPosition(), events: await countEvents(store) });
  io.out(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : summary.text);
  return summary.complete ? 0 : 1;
}

async function runPhase(session: LedgerSession, phase: DemoPhase, outcomes: DemoOutcomes, tick: () => void): Promise<void> {
  const lanes = [...phase.lanes];
  const worker = async (): Promise<void> => {
    for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
      for (const step of lane) {
        record(outcomes, await dispatch(session, step));
        tick();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LANE_CONCURRENCY, lanes.length) }, worker));
}

type StepResult = CommandResult | FundCloseOutcome | AllocationCommitResult;

function record(outcomes: DemoOutcomes, result: StepResult): void {
  if ('status' in result) {
    outcomes.closes.push(result);
    if (result.status === 'closed' && result.replayed) outcomes.replayed += 1;
    else outcomes.appended += 1;
  } else if ('runId' in result) {
    outcomes.allocation = result;
    if (result.replayed || result.committed === 'already_committed') outcomes.replayed += 1;
    else outcomes.appended += 1;
  } else if (result.replayed) {
    outcomes.replayed += 1;
  } else {
    outcomes.appended += 1;
  }
}

/** One step as the API would run it: validated like the HTTP pipe, an envelope with a stable command id, the CommandBus. */
async function dispatch(session: LedgerSession, step: DemoStep): Promise<StepResult> {
  const commandId = deterministicUuid(`ledger-cli:demo:${DEMO_SEED}:${step.key}`);
  const body: JsonObject = { ...step.body, effectiveDate: step.effectiveDate };
  let request: unknown = { commandId, ...body };
  if (step.dto) {
    const instance = plainToInstance(step.dto, request);
    const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length > 0) {
      const problems = flattenValidationErrors(errors).map((e) => `${e.field}: ${e.message}`);
      throw new Error(`demo step ${step.key} is not a valid request: ${problems.join('; ')}`);
    }
    request = instance;
  }
  const principal = { actor: `demo.${step.role}`, role: step.role };
  const envelope = session.envelopes.internal(principal, commandId, body, undefined, step.effectiveDate);
  if (step.dto) {
    // Asked first, as the batch services do: a finding about a year closed since its first run is routed
    // to the open year and refused there (PERIOD_CLOSED) before its handler's pipeline sees the id.
    const earlier = await session.pipeline?.earlierResult(envelope);
    if (earlier) return earlier;
  }
  return session.commands.execute(step.command(envelope, request as never)) as Promise<StepResult>;
}

/** The first event not appended by the demo, described, or null (an empty store, or the demo's alone). */
async function firstForeignEvent(store: EventStore): Promise<string | null> {
  let after: bigint | undefined;
  for (let scanned = 0; scanned < MAX_SCAN_EVENTS; ) {
    const page = await store.readAll({ after, limit: MAX_PAGE_SIZE });
    for (const event of page) {
      const actor = event.metadata['actor'];
      if (!(DEMO_ACTORS as readonly unknown[]).includes(actor)) {
        return `${event.type} in ${event.stream} at position ${event.position}, by ${String(actor)}`;
      }
    }
    if (page.length < MAX_PAGE_SIZE) return null;
    scanned += page.length;
    after = page[page.length - 1]!.position;
  }
  return `more than ${MAX_SCAN_EVENTS} events`;
}

/** Events in the store, counted up to MAX_SCAN_EVENTS (positions may have gaps on PostgreSQL). */
async function countEvents(store: EventStore): Promise<number> {
  let count = 0;
  let after: bigint | undefined;
  while (count < MAX_SCAN_EVENTS) {
    const page = await store.readAll({ after, limit: MAX_PAGE_SIZE });
    count += page.length;
    if (page.length < MAX_PAGE_SIZE) break;
    after = page[page.length - 1]!.position;
  }
  return count;
}

