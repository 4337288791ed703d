/**
 * Emmett-style deciders: pure functions, no Nest, no I/O, no clock reads.
 * decide(command, state, context) -> events; evolve(state, event) -> state.
 * A decider that refuses a command throws a DomainError (see domain-error.ts).
 */

/** Everything a decision may know about "now". Injected, so given/when/then specs are deterministic. */
export interface DecisionContext {
  /** The command's recorded time (from the injected clock), ISO-8601. */
  readonly now: string;
  /** The command's effective (business) date, YYYY-MM-DD. */
  readonly effectiveDate: string;
}

export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State, context: DecisionContext): Event[];
}

/** Folds events over a decider's initial state. */
export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

/** Exhaustiveness guard for discriminated unions: a missing case is a compile error. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}

/** TigerStyle assertion: an invariant that must hold where we decide and again where we project. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
}
