import assert from 'node:assert/strict';
import type { DecisionContext } from '../shared/decider';
import { fold } from '../shared/decider';
import { DomainError, type DomainErrorKind } from '../shared/domain-error';
import { type HospitalBudgetCommand, hospitalBudgetDecider } from './hospital-budget.decider';
import type { HospitalBudgetEvent } from './hospital-budget.events';
import type { HospitalBudgetState } from './hospital-budget.state';

/**
 * given(events).when(command, context).then(events) / .thenThrows(code).
 * Uses node:assert (not jest's expect) so this file also compiles in the production build, where jest's
 * types are absent. Every decision is also folded back through evolve, so a spec fails if evolve cannot
 * apply what decide produced.
 */
export interface WhenResult {
  /** The decided events must equal `expected` exactly (deep, strict). Returns them. */
  then(expected: readonly HospitalBudgetEvent[]): HospitalBudgetEvent[];
  /** The decided events, for specs that check a few fields. Returns them and the state after them. */
  thenEvents(): { events: HospitalBudgetEvent[]; state: HospitalBudgetState };
  /** The decision must be refused with this code (and kind, when given). Returns the error. */
  thenThrows(code: string, kind?: DomainErrorKind): DomainError;
}

export function given(history: readonly HospitalBudgetEvent[]) {
  const state = fold(hospitalBudgetDecider, history);
  return {
    state,
    when(command: HospitalBudgetCommand, context: DecisionContext): WhenResult {
      const run = () => hospitalBudgetDecider.decide(command, state, context);
      return {
        then(expected) {
          const events = run();
          assert.deepStrictEqual(events, expected);
          events.reduce(hospitalBudgetDecider.evolve, state);
          return events;
        },
        thenEvents() {
          const events = run();
          return { events, state: events.reduce(hospitalBudgetDecider.evolve, state) };
        },
        thenThrows(code, kind) {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          assert.ok(caught instanceof DomainError, `expected DomainError ${code}, got ${describe(caught)}`);
          assert.equal(caught.code, code, `expected code ${code}, got ${caught.code}: ${caught.message}`);
          if (kind !== undefined) assert.equal(caught.kind, kind);
          return caught;
        },
      };
    },
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'no error (the command was accepted)';
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}
