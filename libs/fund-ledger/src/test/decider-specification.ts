import { DecisionContext, Decider, DomainEvent, fold, InvariantViolation } from '../shared/decider';
import { DomainError, DomainErrorKind, ErrorCode } from '../shared/domain-error';

/**
 * Given/when/then for deciders, after Emmett's DeciderSpecification (test-only: `test/` folders are
 * excluded from the build). given(history).when(command).then(events) also evolves the decided events,
 * so every spec proves a decider's output is accepted by its own evolve.
 */
export const CONTEXT: DecisionContext = { now: '2025-06-30T02:00:00.000Z', effectiveDate: '2025-06-30' };

export interface Rejection {
  readonly code: ErrorCode | string;
  readonly kind?: DomainErrorKind;
  readonly field?: string;
}

export interface Then<E extends DomainEvent, S> {
  /** The decided events must equal `expected` exactly (strict: no extra or undefined keys). Returns them. */
  then(expected: readonly E[]): E[];
  /** The decided events (already checked to evolve cleanly), for specs that check a few fields. */
  events(): E[];
  /** The decided events and the state after them. */
  thenEvents(): { events: E[]; state: S };
  /** Nothing is decided (an idempotent no-op). */
  thenNothing(): void;
  /** Refused with a DomainError matching `rejection`. Returns the error. */
  thenRejects(rejection: Rejection): DomainError;
  /** Refused with this code (and kind, when given). Returns the error. */
  thenThrows(code: string, kind?: DomainErrorKind): DomainError;
  /** An invariant (a bug, not a refusal) is violated. */
  thenViolatesInvariant(message: RegExp): void;
}

export function specification<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given(history: readonly E[] = []) {
      const state = fold(decider, history);
      return {
        state,
        when: (command: C, context: DecisionContext = CONTEXT) => then(decider, state, command, context),
      };
    },
  };
}

/** given(decider, history): the registry's and other small areas' form. */
export const given = <C, E extends DomainEvent, S>(decider: Decider<C, E, S>, history: readonly E[] = []) =>
  specification(decider).given(history);

function then<C, E extends DomainEvent, S>(
  decider: Decider<C, E, S>,
  state: S,
  command: C,
  context: DecisionContext,
): Then<E, S> {
  const decide = (): E[] => decider.decide(command, state, context);
  const evolved = (events: readonly E[]): S => events.reduce((s, e) => decider.evolve(s, e), state);
  return {
    then(expected) {
      const events = decide();
      expect(events).toStrictEqual(expected);
      evolved(events);
      return events;
    },
    events() {
      const events = decide();
      evolved(events);
      return events;
    },
    thenEvents() {
      const events = decide();
      return { events, state: evolved(events) };
    },
    thenNothing() {
      expect(decide()).toEqual([]);
    },
    thenRejects(rejection) {
      const error = caught(decide);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject(rejection);
      return error as DomainError;
    },
    thenThrows(code, kind) {
      const error = caught(decide);
      if (!(error instanceof DomainError)) throw new Error(`expected DomainError ${code}, got ${describe(error)}`);
      expect(`${error.code}: ${error.message}`).toMatch(new RegExp(`^${code}: `));
      if (kind !== undefined) expect(error.kind).toBe(kind);
      return error;
    },
    thenViolatesInvariant(message) {
      const error = caught(decide);
      expect(error).toBeInstanceOf(InvariantViolation);
      expect((error as Error).message).toMatch(message);
    },
  };
}

export function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but the call returned (the command was accepted)');
}

function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}
