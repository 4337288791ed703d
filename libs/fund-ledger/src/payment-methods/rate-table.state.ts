import { evolverOf } from '../application/stream-target';
import { assertNever, invariant } from '../shared/decider';
import type { RateTableEvent, RateTableSetData } from './rate-table.events';

/** Every version of the fund-year's rate table, oldest first (bounded by MAX_RATE_TABLE_VERSIONS). */
export interface RateTableState {
  readonly fundId: string | null;
  readonly year: number | null;
  readonly versions: readonly RateTableSetData[];
}

export const initialRateTableState = (): RateTableState => ({ fundId: null, year: null, versions: [] });

export function evolveRateTable(state: RateTableState, event: RateTableEvent): RateTableState {
  switch (event.type) {
    case 'RateTableSet':
      invariant(event.data.version === state.versions.length + 1, 'rate table versions follow each other');
      return { fundId: event.data.fundId, year: event.data.year, versions: [...state.versions, event.data] };
    default:
      return assertNever(event.type, 'rate table event');
  }
}

/**
 * The version in force for a month: the latest version whose effectiveFrom is on or before the month's last
 * day (a table set mid-month, e.g. DRG from 15 October, prices that whole month), or null.
 */
export function tableInForce(state: RateTableState, monthLastDay: string): RateTableSetData | null {
  let found: RateTableSetData | null = null;
  for (const version of state.versions) if (version.effectiveFrom <= monthLastDay) found = version;
  return found;
}

export const rateTableEvolver = evolverOf(initialRateTableState, evolveRateTable);
