import type { AppendStreamState, Filter, ReadPosition } from '@kurrent/kurrentdb-client';

/** Constants and the data error shared by the KurrentDB adapter's mapping modules (types-only client import). */

// ---------------------------------------------------------------------------------------------------------
// Client constants (values of the client's NO_STREAM, START, END, STREAM_NAME, EVENT_TYPE exports)
// ---------------------------------------------------------------------------------------------------------

export const KDB_NO_STREAM = 'no_stream' satisfies AppendStreamState;
export const KDB_START = 'start' satisfies ReadPosition;
export const KDB_END = 'end' satisfies ReadPosition;
export const KDB_FILTER_ON_STREAM_NAME = 'streamName' satisfies Filter['filterOn'];
export const KDB_FILTER_ON_EVENT_TYPE = 'eventType' satisfies Filter['filterOn'];

/** The server's "no position" marker (ulong.MaxValue, from Position.FromInt64(-1, -1)). */
export const UNKNOWN_POSITION = 18_446_744_073_709_551_615n;

/** The store's own streams: one per command id, holding a single CommandRecorded event. */
export const COMMAND_STREAM_PREFIX = 'ledger-command-';
export const COMMAND_RECORDED_TYPE = 'CommandRecorded';

/**
 * The server holds something this adapter cannot represent (a non-JSON event, an event without a position,
 * a malformed command record, a stream head without a hash-chain link). Not the caller's fault and not an
 * outage, so it is neither EventStoreArgumentError nor EventStoreUnavailableError: it surfaces as a 500.
 */
export class KurrentDbDataError extends Error {
  override readonly name = 'KurrentDbDataError';
}
