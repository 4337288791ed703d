import type { StreamDecision } from '@ledger/platform';
import type { Decider, DomainEvent } from '../shared/decider';

/**
 * Adapts a pure decider and one command to the platform's command pipeline: the pipeline loads and
 * folds `stream`, calls decide with the injected clock's time, and appends with the exact revision.
 */
export function decisionFor<Command, Event extends DomainEvent, State>(
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
): StreamDecision<State> {
  const type = (command as { type?: unknown }).type;
  return {
    stream,
    commandType: typeof type === 'string' ? type : undefined,
    cacheIdentity: decider,
    initialState: () => decider.initialState(),
    // Events read back from the store are the JSON of the events this decider wrote.
    evolve: (state, event) => decider.evolve(state, event as unknown as Event),
    decide: (state, input) => decider.decide(command, state, input),
  };
}
