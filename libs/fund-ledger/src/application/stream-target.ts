import type { Evolver, StreamTarget } from '@ledger/platform';
import type { DomainEvent } from '../shared/decider';

/**
 * An area's fold as the pipeline reads it back from the store: events are the JSON of the events the
 * area's deciders wrote. One object per stream kind, so every use case (and lookup) shares its cache.
 */
export function evolverOf<Event extends DomainEvent, State>(
  initialState: () => State,
  evolve: (state: State, event: Event) => State,
): Evolver<State> {
  return { initialState, evolve: (state, event) => evolve(state, event as unknown as Event) };
}

/** The stream a command runs on, with its area's fold. */
export const onStream = <State>(stream: string, evolver: Evolver<State>, commandType: string): StreamTarget<State> => ({
  stream,
  evolver,
  commandType,
});
