import { InvariantViolation } from '../shared/decider';
import { evolveFund, evolvePayee, initialFundState, initialPayeeState } from './registry.state';
import { caught } from '../test/decider-specification';
import { agreementSigned, agreementSuspended, payeeRegistered } from './test/payee-fixtures';

/** evolve trusts the stream but not blindly: a stream that could not have been decided is a corrupt stream. */
describe('registry evolve invariants', () => {
  it('refuses a fund registered twice in one stream', () => {
    const registered = {
      type: 'FundRegistered',
      data: { fundId: 'F', name: 'F', kind: 'maternity', poolingRegion: 'R' },
    } as const;
    const once = evolveFund(initialFundState(), registered);
    expect(caught(() => evolveFund(once, registered))).toBeInstanceOf(InvariantViolation);
  });

  it('refuses agreement events before the payee is registered', () => {
    expect(caught(() => evolvePayee(initialPayeeState(), agreementSigned()))).toBeInstanceOf(InvariantViolation);
  });

  it('refuses a status change for an agreement that is not the current one', () => {
    const state = [
      payeeRegistered,
      agreementSigned(),
      agreementSigned('AG-2026', '2026-01-01', '2026-12-31', 'AG-2025'),
    ].reduce(evolvePayee, initialPayeeState());
    expect(caught(() => evolvePayee(state, agreementSuspended('AG-2025')))).toBeInstanceOf(InvariantViolation);
  });

  it('does not mutate the previous state', () => {
    const registered = evolvePayee(initialPayeeState(), payeeRegistered);
    evolvePayee(registered, agreementSigned());
    expect(registered.status === 'registered' && registered.agreements.size).toBe(0);
  });
});
