import { DecisionContext, Decider, DomainEvent, fold, InvariantViolation } from '../../shared/decider';
import { DomainError, DomainErrorKind, ErrorCode } from '../../shared/domain-error';

/**
 * Given/when/then for deciders (test-only; `test/` folders are excluded from the build).
 * given(decider, history).when(command).then(events) also evolves the emitted events, so every spec
 * proves the decider's output is accepted by its own evolve.
 */
export const CONTEXT: DecisionContext = { now: '2025-06-30T02:00:00.000Z', effectiveDate: '2025-06-30' };

export interface Rejection {
  readonly code: ErrorCode;
  readonly kind?: DomainErrorKind;
  readonly field?: string;
}

export function given<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, history: readonly E[] = []) {
  const state = fold(decider, history);
  return {
    state,
    when(command: C, context: DecisionContext = CONTEXT) {
      const decide = (): E[] => decider.decide(command, state, context);
      return {
        /** The events decided (already checked to evolve cleanly). */
        events(): E[] {
          const events = decide();
          events.reduce((s, e) => decider.evolve(s, e), state);
          return events;
        },
        then(expected: readonly E[]): void {
          expect(this.events()).toEqual(expected);
        },
        thenNothing(): void {
          expect(decide()).toEqual([]);
        },
        thenRejects(rejection: Rejection): DomainError {
          const error = caught(decide);
          expect(error).toBeInstanceOf(DomainError);
          expect(error).toMatchObject(rejection);
          return error as DomainError;
        },
        thenViolatesInvariant(message: RegExp): void {
          const error = caught(decide);
          expect(error).toBeInstanceOf(InvariantViolation);
          expect((error as Error).message).toMatch(message);
        },
      };
    },
  };
}

export function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but the call returned');
}
