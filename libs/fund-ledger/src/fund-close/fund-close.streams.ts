import { evolverOf } from '../application/stream-target';
import { evolveFundClose, initialFundCloseState } from './fund-close.decider';

/** Stream fund-close-{fundId}-{year}: one FundYearClosed. */
export const fundCloseEvolver = evolverOf(initialFundCloseState, evolveFundClose);
