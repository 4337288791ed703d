import { createHash } from 'node:crypto';
import type { CommandRecord, ExpectedRevision, JsonObject, JsonValue, NewEvent } from '../event-store.port';
import { EventStoreArgumentError } from '../errors';
import { COMMAND_RECORDED_TYPE, COMMAND_STREAM_PREFIX, KurrentDbDataError } from './client-constants';

/** Command records on KurrentDB: one stream per command id holding one CommandRecorded event. Pure. */

const DECIMAL_PATTERN = /^(0|[1-9][0-9]*)$/;

// ---------------------------------------------------------------------------------------------------------
// Command records
// ---------------------------------------------------------------------------------------------------------

export function commandStreamName(commandId: string): string {
  if (typeof commandId !== 'string' || commandId.length === 0 || commandId.length > 256) {
    throw new EventStoreArgumentError('commandId must be 1..256 characters');
  }
  return `${COMMAND_STREAM_PREFIX}${commandId}`;
}

/** A UUID (version 8, RFC 9562 "custom") derived from a seed: same seed, same id, on every retry. */
export function deterministicUuid(seed: string): string {
  const hex = createHash('sha256').update(seed, 'utf8').digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * The CommandRecorded event. Its id depends on everything but the position, so a retry of the same append
 * (same command, body, stream and revisions) writes the same id and the server treats it as the same write,
 * while a different append carrying the same command id has another id and loses at NO_STREAM.
 */
export function commandRecordedEvent(record: CommandRecord): NewEvent {
  const data: JsonObject = {
    commandId: record.commandId,
    bodyHash: record.bodyHash,
    stream: record.stream,
    firstRevision: record.firstRevision.toString(),
    lastRevision: record.lastRevision.toString(),
    position: record.position.toString(),
  };
  const identity = [record.commandId, record.bodyHash, record.stream, data['firstRevision'], data['lastRevision']];
  return {
    id: deterministicUuid(`ledger-command\u0000${identity.join('\u0000')}`),
    type: COMMAND_RECORDED_TYPE,
    data,
    metadata: { commandId: record.commandId },
  };
}

export function toCommandRecord(data: JsonObject): CommandRecord {
  const text = (key: string): string => {
    const value: JsonValue | undefined = data[key];
    if (typeof value !== 'string' || value.length === 0) throw new KurrentDbDataError(`command record: ${key} missing`);
    return value;
  };
  const decimal = (key: string): bigint => {
    const value = text(key);
    if (!DECIMAL_PATTERN.test(value)) throw new KurrentDbDataError(`command record: ${key} is not a decimal: ${value}`);
    return BigInt(value);
  };
  return {
    commandId: text('commandId'),
    bodyHash: text('bodyHash'),
    stream: text('stream'),
    firstRevision: decimal('firstRevision'),
    lastRevision: decimal('lastRevision'),
    position: decimal('position'),
  };
}

/**
 * Whether an existing command record describes this very append (a retry after success, or after a crash that
 * came after the record): same stream, body and number of events, at the revisions the expectation implies.
 * 'exists' names no revision, so stream, body and size must do.
 */
export function isSameAppend(
  record: CommandRecord,
  command: { commandId: string; bodyHash: string },
  stream: string,
  expected: ExpectedRevision,
  eventCount: number,
): boolean {
  if (record.commandId !== command.commandId || record.bodyHash !== command.bodyHash || record.stream !== stream)
    return false;
  if (record.lastRevision - record.firstRevision + 1n !== BigInt(eventCount)) return false;
  if (expected === 'exists') return true;
  const firstRevision = expected === 'no_stream' ? 0n : expected + 1n;
  return record.firstRevision === firstRevision;
}

