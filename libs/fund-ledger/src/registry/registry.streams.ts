import { evolverOf } from '../application/stream-target';
import { evolveFund, evolvePayee, initialFundState, initialPayeeState } from './registry.state';

/** Stream fund-{fundId}. */
export const fundEvolver = evolverOf(initialFundState, evolveFund);

/** Stream payee-{payeeId}: the payee and its service agreements, one current agreement per fund. */
export const payeeEvolver = evolverOf(initialPayeeState, evolvePayee);
