import {
  DuplicateCommandError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  canonicalJson,
  sha256Hex,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';
import { ConcurrencyConflictError, DomainError, IdempotencyKeyReusedError } from '@ledger/kernel';
import type { Principal } from '../auth/roles';
import type { CommandOutcome } from '../metrics/ledger-metrics';
import { eventIdFor } from './deterministic-id';
import { StreamLoader, type Evolver } from './stream-loader';

/** Who asked, under which id, and in which causal chain (principle 7). */
export interface CommandEnvelope {
  readonly commandId: string;
  readonly principal: Principal;
  readonly correlationId: string;
  readonly causationId: string;
  /** Business date the command takes effect, YYYY-MM-DD. */
  readonly effectiveDate: string;
  /** ISO instant from the injected clock. */
  readonly recordedAt: string;
  /** The request body as sent, without commandId: its hash decides "same command" vs "reused id". */
  readonly body: JsonObject;
  /** The HTTP request's id (x-request-id), recorded on the events; absent for work the system starts. */
  readonly requestId?: string;
}

export interface DecisionInput {
  readonly now: string;
  readonly effectiveDate: string;
}

/** What a use case decides: the events to append, from the stream's folded state and the clock's input. */
export type Decide<State> = (state: State, input: DecisionInput) => ReadonlyArray<{ type: string; data: unknown }>;

/** The stream a command runs against and how to fold it (the area's shared initialState/evolve). */
export interface StreamTarget<State> {
  readonly stream: string;
  /** The command's type, for metrics and logs. */
  readonly commandType: string;
  readonly evolver: Evolver<State>;
}

/** One command against one stream: how to fold it and what to decide (a target plus its decide). */
export interface StreamDecision<State> extends Evolver<State> {
  readonly stream: string;
  /** The command's type, for metrics and logs. */
  readonly commandType?: string;
  decide: Decide<State>;
}

export interface CommittedEvent {
  id: string;
  type: string;
  revision: string;
  data: JsonObject;
}

/** The response of every command; a replay returns the same body (built from the stored events). */
export interface CommandResult {
  commandId: string;
  stream: string;
  /** Global position of the last event written; pass it as `minPosition` to read your writes. */
  position: string | null;
  events: CommittedEvent[];
  /** True when this answer is a retry's: nothing was appended this time. */
  replayed: boolean;
}

export const SCHEMA_VERSION = 1;

/** Told the outcome and duration of every command (metrics). */
export type CommandObserver = (commandType: string, outcome: CommandOutcome, seconds: number) => void;

/**
 * Runs a command: idempotency check, load, decide, append with the exact expected revision; on a
 * concurrent write, reload and decide again (bounded). A decision that throws appends nothing.
 */
export class CommandPipeline {
  /** Per stream: the tail of this process's queue of retrying commands, and how many are in it. */
  private readonly retryTurns = new Map<string, { tail: Promise<void>; waiting: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly loader: StreamLoader,
    private readonly retryLimit: number,
    private readonly observer?: CommandObserver,
  ) {}

  static bodyHash(body: JsonObject): string {
    return sha256Hex(canonicalJson(body));
  }

  /**
   * Emmett's handle(store, id, state => decide(command, state)): the use case hands its own decide; the
   * target names the stream and the area's fold.
   */
  handle<State>(envelope: CommandEnvelope, target: StreamTarget<State>, decide: Decide<State>): Promise<CommandResult> {
    const { evolver } = target;
    return this.execute(envelope, {
      stream: target.stream,
      commandType: target.commandType,
      cacheIdentity: evolver.cacheIdentity ?? evolver,
      initialState: () => evolver.initialState(),
      evolve: (state, event) => evolver.evolve(state, event),
      decide,
    });
  }

  /**
   * The first result of a command already appended under this envelope's id (replayed: true), undefined
   * when the id is new; IdempotencyKeyReusedError when the id came with another body. The one home of
   * the idempotency check: batch services ask it before they start work a retry must not redo.
   */
  earlierResult(envelope: CommandEnvelope): Promise<CommandResult | undefined> {
    return this.replay(envelope.commandId, CommandPipeline.bodyHash(envelope.body));
  }

  async execute<State>(envelope: CommandEnvelope, decision: StreamDecision<State>): Promise<CommandResult> {
    const startedMs = performance.now();
    const commandType = decision.commandType ?? 'unknown';
    try {
      const result = await this.run(envelope, decision);
      this.observer?.(commandType, result.replayed ? 'replayed' : result.events.length === 0 ? 'no_op' : 'accepted', seconds(startedMs));
      return result;
    } catch (error) {
      this.observer?.(commandType, outcomeOf(error), seconds(startedMs));
      throw error;
    }
  }

  private async run<State>(envelope: CommandEnvelope, decision: StreamDecision<State>): Promise<CommandResult> {
    const bodyHash = CommandPipeline.bodyHash(envelope.body);
    const earlier = await this.replay(envelope.commandId, bodyHash);
    if (earlier) return earlier;
    try {
      return await this.decideAndAppend(envelope, decision, bodyHash);
    } catch (error) {
      // A concurrent request with this command id (a client retry, another instance) may have committed it
      // after the look-up above; its own event then refuses this one. Answer the command's result instead.
      if (!isUnavailable(error)) {
        // A 409 for another body under this id is the answer; a failed look-up leaves the original error.
        const winner = await this.replay(envelope.commandId, bodyHash).catch((lookup: unknown) => {
          if (lookup instanceof IdempotencyKeyReusedError) throw lookup;
          return undefined;
        });
        if (winner) return winner;
      }
      throw error;
    }
  }

  private async decideAndAppend<State>(envelope: CommandEnvelope, decision: StreamDecision<State>, bodyHash: string): Promise<CommandResult> {
    let endTurn: (() => void) | undefined;
    try {
      return await this.attempts(envelope, decision, bodyHash, async () => {
        if (endTurn) return false;
        endTurn = await this.takeRetryTurn(decision.stream);
        return true;
      });
    } finally {
      endTurn?.();
    }
  }

  /**
   * The optimistic first attempt; its conflict queues the command behind this process's other retries of
   * the stream (takeTurn): they would only move the stream under each other, so they take turns, and a
   * retry then races only other instances' writers. Once its turn comes it has retryLimit attempts, so
   * at most 1 + retryLimit in all.
   */
  private async attempts<State>(
    envelope: CommandEnvelope,
    decision: StreamDecision<State>,
    bodyHash: string,
    takeTurn: () => Promise<boolean>,
  ): Promise<CommandResult> {
    for (let attempt = 1; attempt <= this.retryLimit; attempt += 1) {
      const loaded = await this.loader.load(decision.stream, decision);
      const decided = decision.decide(loaded.state, { now: envelope.recordedAt, effectiveDate: envelope.effectiveDate });
      if (decided.length === 0) return { commandId: envelope.commandId, stream: decision.stream, position: null, events: [], replayed: false };
      const events = decided.map((event, index) => this.toNewEvent(envelope, bodyHash, event, index));
      try {
        const result = await this.store.append(decision.stream, events, loaded.expected, {
          command: { commandId: envelope.commandId, bodyHash },
        });
        if (result.retried) {
          // Another request appended this command first: answer its result (or 409 for another body).
          const winner = await this.replay(envelope.commandId, bodyHash);
          if (winner) return winner;
        }
        return this.committed(envelope.commandId, decision.stream, events, result.nextExpectedRevision, result.position);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          // The write that moved the stream may be this very command from another instance: answer its result.
          const winner = await this.replay(envelope.commandId, bodyHash);
          if (winner) return winner;
          if (await takeTurn()) attempt = 0; // the waiting in line used no attempt
          await backoff(Math.max(attempt, 1));
          continue;
        }
        if (error instanceof DuplicateCommandError) {
          const winner = await this.replay(envelope.commandId, bodyHash); // a concurrent retry of this command won
          if (winner) return winner;
        }
        throw error;
      }
    }
    throw new ConcurrencyConflictError(decision.stream, this.retryLimit);
  }

  /** Waits for this process's earlier retries of the stream; the returned function ends this command's turn. */
  private async takeRetryTurn(stream: string): Promise<() => void> {
    const queue = this.retryTurns.get(stream) ?? { tail: Promise.resolve(), waiting: 0 };
    if (queue.waiting >= MAX_RETRIES_WAITING_PER_STREAM) throw new ConcurrencyConflictError(stream, 1);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const previous = queue.tail;
    queue.tail = previous.then(() => mine);
    queue.waiting += 1;
    this.retryTurns.set(stream, queue);
    await previous;
    return () => {
      release();
      queue.waiting -= 1;
      if (queue.waiting === 0 && this.retryTurns.get(stream) === queue) this.retryTurns.delete(stream);
    };
  }

  /** The first result of a command already appended, or 409 when the id came with another body. */
  private async replay(commandId: string, bodyHash: string): Promise<CommandResult | undefined> {
    const record = await this.store.findCommand(commandId);
    if (!record) return undefined;
    if (record.bodyHash !== bodyHash) throw new IdempotencyKeyReusedError(commandId);
    const count = Number(record.lastRevision - record.firstRevision + 1n);
    const stored = await this.store.readStream(record.stream, { fromRevision: record.firstRevision, limit: count });
    return {
      commandId,
      stream: record.stream,
      position: record.position.toString(),
      events: stored.map(committedEvent),
      replayed: true,
    };
  }

  private toNewEvent(envelope: CommandEnvelope, bodyHash: string, event: { type: string; data: unknown }, index: number): NewEvent {
    return {
      id: eventIdFor(envelope.commandId, index),
      type: event.type,
      data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
      metadata: {
        actor: envelope.principal.actor,
        role: envelope.principal.role,
        commandId: envelope.commandId,
        correlationId: envelope.correlationId,
        causationId: envelope.causationId,
        recordedAt: envelope.recordedAt,
        effectiveDate: envelope.effectiveDate,
        bodyHash,
        schemaVersion: SCHEMA_VERSION,
        // Additive: the request that carried the command, to join the events with the access log.
        ...(envelope.requestId === undefined ? {} : { requestId: envelope.requestId }),
      },
    };
  }

  private committed(commandId: string, stream: string, events: NewEvent[], lastRevision: bigint, position: bigint): CommandResult {
    const first = lastRevision - BigInt(events.length - 1);
    return {
      commandId,
      stream,
      position: position.toString(),
      events: events.map((e, i) => ({ id: e.id, type: e.type, revision: (first + BigInt(i)).toString(), data: e.data })),
      replayed: false,
    };
  }
}

/** The store could not be reached or is full: a look-up for a winner would fail the same way. */
const isUnavailable = (error: unknown): boolean =>
  error instanceof EventStoreUnavailableError || (error instanceof DomainError && error.kind === 'unavailable');

const seconds = (startedMs: number): number => (performance.now() - startedMs) / 1000;

function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof DomainError) return error.kind === 'conflict' ? 'conflict' : error.kind === 'unavailable' ? 'unavailable' : 'rejected';
  if (error instanceof EventStoreUnavailableError) return 'unavailable';
  return 'error';
}

function committedEvent(event: RecordedEvent): CommittedEvent {
  return { id: event.id, type: event.type, revision: event.revision.toString(), data: event.data };
}

/** More commands than this retrying one stream in one process get 409 at once instead of queueing. */
const MAX_RETRIES_WAITING_PER_STREAM = 1_000;

/** Bounded, jittered back-off between attempts: 2, 4, 8 ... ms, capped at 100 ms. */
function backoff(attempt: number): Promise<void> {
  const ceilingMs = Math.min(100, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceilingMs));
}
