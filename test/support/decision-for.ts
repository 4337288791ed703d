import type { StreamDecision } from '@ledger/platform';
import type { Decider, DomainEvent } from '@ledger/fund-ledger/shared/decider';

/**
 * Test support: runs one command of an area's whole decider (the union switch) through the pipeline, for
 * tests that write history the HTTP API would refuse (e.g. a settlement dated before its year ended).
 * Production use cases hand their own decide to `pipeline.handle`.
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
    initialState: () => decider.initialState(),
    evolve: (state, event) => decider.evolve(state, event as unknown as Event),
    decide: (state, input) => decider.decide(command, state, input),
  };
}
