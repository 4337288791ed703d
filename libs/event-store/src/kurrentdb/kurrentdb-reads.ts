import {
  BACKWARDS,
  END,
  FORWARDS,
  type AllStreamResolvedEvent,
  type Filter,
  type KurrentDBClient,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import type { AllFilter, RecordedEvent } from '../event-store.port';
import {
  KurrentDbDataError,
  describeRecord,
  isStreamNotFound,
  mapStoreError,
  matchesFilter,
  toRecordedEvent,
  type LogItem,
} from './mapping';

/** The KurrentDB adapter's raw reads: one client call each, errors restated as port errors. */
export class KurrentDbReads {
  constructor(private readonly client: KurrentDBClient) {}

  async readStreamRaw(
    stream: string,
    from: ReadRevision,
    backwards: boolean,
    limit: number,
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(stream, {
        fromRevision: from,
        direction: backwards ? BACKWARDS : FORWARDS,
        maxCount: BigInt(limit),
      });
      for await (const resolved of read) {
        const event = toRecordedEvent(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw mapStoreError(error, `reading ${stream}`);
    }
    return events;
  }

  /** One event, read backwards from a revision (or the end): that event, or the head below it. */
  async readOne(stream: string, from: bigint | typeof END): Promise<RecordedEvent | undefined> {
    const [event] = await this.readStreamRaw(stream, from, true, 1);
    return event;
  }

  async readAllBatch(
    from: ReadPosition,
    backwards: boolean,
    maxCount: number,
    serverFilter: Filter,
    filter: AllFilter | undefined,
  ): Promise<Array<LogItem<RecordedEvent>>> {
    const items: Array<LogItem<RecordedEvent>> = [];
    try {
      const read = this.client.readAll({
        fromPosition: from,
        direction: backwards ? BACKWARDS : FORWARDS,
        maxCount: BigInt(maxCount),
        filter: serverFilter,
      });
      for await (const resolved of read) items.push(toLogItem(resolved, filter));
    } catch (error) {
      throw mapStoreError(error, 'reading $all');
    }
    return items;
  }

  async readLastRecord(): Promise<void> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1n })) {
      void resolved;
    }
  }
}

function toLogItem(resolved: AllStreamResolvedEvent, filter: AllFilter | undefined): LogItem<RecordedEvent> {
  const record = describeRecord(resolved);
  if (!record) throw new KurrentDbDataError('KurrentDB sent a $all record without a position');
  // Only events the page will return are converted: a binary event in a system stream, or in a stream the
  // filter leaves out, must not fail the read.
  const value =
    resolved.event && matchesFilter(filter, record.stream, record.type) ? toRecordedEvent(resolved) : undefined;
  return { ...record, value };
}

export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  work.catch(() => undefined); // a late failure after the timeout must not become an unhandled rejection
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
