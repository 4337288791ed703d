/**
 * Test helpers shared by the read-store suites: a writer of posting events, projections built for the
 * tests, and a full dump of a projection's tables (every version of every key) to compare two runs.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@ledger/event-store';
import {
  ReadModelEngine,
  trialBalanceProjection,
  type ProjectionReader,
  type ReadModelEngineOptions,
  type ReadModelProjection,
  type ReadStore,
} from '../src';

export interface ReadStoreHarness {
  /** A fresh, empty log. */
  openEvents(): Promise<EventStore>;
  /** Another connection (own pool) to the same log. */
  reopenEvents(events: EventStore): Promise<EventStore>;
  /** A fresh, empty read store. */
  openRead(): Promise<ReadStore>;
  /** Another connection (own pool) to the same read store, as a restarted process would open. */
  reopenRead(store: ReadStore): Promise<ReadStore>;
}

export interface PostingOptions {
  fund?: string;
  effectiveDate?: string;
  recordedAt?: string;
}

/** Deterministic, balanced postings: cash against income, and every third event a hospital prepayment. */
export function postingEvent(n: number, options: PostingOptions = {}): NewEvent {
  const fund = options.fund ?? `F${n % 3}`;
  const amountYuan = `${(n % 997) + 1}.${String(n % 100).padStart(2, '0')}`;
  const postings = [
    { fundId: fund, account: `${fund}:cash`, side: 'debit', amountYuan },
    { fundId: fund, account: `${fund}:income:employer`, side: 'credit', amountYuan },
  ];
  if (n % 3 === 0) {
    postings.push(
      { fundId: fund, account: `${fund}:hospital:H${n % 5}:prepaid`, side: 'debit', amountYuan: '10.01' },
      { fundId: fund, account: `${fund}:cash`, side: 'credit', amountYuan: '10.01' },
    );
  }
  const data: Record<string, unknown> = { n, postings };
  if (options.effectiveDate) data['effectiveDate'] = options.effectiveDate;
  const metadata: Record<string, string> = { actor: 'read-store-test', commandId: randomUUID() };
  if (options.recordedAt) metadata['recordedAt'] = options.recordedAt;
  return { id: randomUUID(), type: 'PostingsRecorded', data: data as NewEvent['data'], metadata };
}

/** Appends to a few streams with exact expected revisions; counts what it wrote. */
export class LogWriter {
  private readonly revisions = new Map<string, bigint>();
  written = 0;
  lastPosition = -1n;
  constructor(
    private readonly events: EventStore,
    private readonly prefix = `tb-${randomUUID().slice(0, 8)}`,
  ) {}

  async write(count: number, options: (n: number) => PostingOptions = () => ({}), perAppend = 50): Promise<bigint> {
    for (let done = 0; done < count; done += perAppend) {
      const batch = Array.from({ length: Math.min(perAppend, count - done) }, (_, i) =>
        postingEvent(this.written + i, options(this.written + i)),
      );
      const stream = `${this.prefix}-${this.written % 4}`;
      const known = this.revisions.get(stream);
      const result = await this.events.append(stream, batch, known === undefined ? 'no_stream' : known);
      this.revisions.set(stream, result.nextExpectedRevision);
      this.written += batch.length;
      this.lastPosition = result.position;
    }
    return this.lastPosition;
  }
}

/** Counts how often each position was applied (a plain table): exactly once, or a bug. */
export const countingProjection: ReadModelProjection = {
  name: 'applied',
  version: 1,
  tables: [{ name: 'applied', key: ['position'], values: { times: 'fen' }, versioned: false }],
  async apply(tx, event) {
    const key = { position: event.position.toString().padStart(20, '0') };
    const before = await tx.get('applied', key);
    const times = typeof before?.['times'] === 'bigint' ? before['times'] : 0n;
    await tx.upsert('applied', key, { times: times + 1n });
  },
};

/** The pilot, throwing once at one position (a crash in the middle of a page). */
export function failingOnce(failAt: bigint): ReadModelProjection & { failed: () => boolean } {
  let failed = false;
  return {
    ...trialBalanceProjection,
    failed: () => failed,
    async apply(tx, event) {
      if (event.position === failAt && !failed) {
        failed = true;
        throw new Error(`simulated crash at ${failAt}`);
      }
      await trialBalanceProjection.apply(tx, event);
    },
  };
}

/** Every key of every table, every version of versioned ones: two equal dumps mean equal read models. */
export async function dump(reader: ProjectionReader): Promise<string> {
  const out: unknown[] = [];
  for (const table of reader.projection.tables) {
    let after: Record<string, string> | undefined;
    for (;;) {
      const rows = await reader.list(table.name, { limit: 1000, ...(after ? { after } : {}) });
      for (const row of rows) {
        out.push([table.name, row]);
        if (table.versioned) out.push([table.name, 'versions', await allVersions(reader, table.name, row.key)]);
      }
      if (rows.length < 1000) break;
      after = { ...rows[rows.length - 1]!.key };
    }
  }
  return JSON.stringify(out);
}

async function allVersions(reader: ProjectionReader, table: string, key: Record<string, string>): Promise<unknown[]> {
  const versions: unknown[] = [];
  let fromPosition = 0n;
  for (;;) {
    const page = await reader.versions(table, key, { fromPosition, limit: 1000 });
    versions.push(...page);
    if (page.length < 1000) return versions;
    fromPosition = page[page.length - 1]!.validFrom.position + 1n;
  }
}

export function engine(
  options: Omit<ReadModelEngineOptions, 'pollIntervalMs'> & { pollIntervalMs?: number },
): ReadModelEngine {
  return new ReadModelEngine({ pollIntervalMs: 10, retryMinMs: 10, retryMaxMs: 200, leaseRetryMs: 50, ...options });
}

/** A fresh replay of the same log into a fresh read store: the reference every other run must equal. */
export async function freshReplay(
  harness: ReadStoreHarness,
  events: EventStore,
  projection = trialBalanceProjection,
): Promise<string> {
  const store = await harness.openRead();
  const replay = engine({ events, store, projections: [projection] });
  try {
    await replay.start({ live: false });
    await replay.catchUp();
    return await dump(replay.reader(projection.name));
  } finally {
    await replay.stop();
    await store.close();
  }
}

export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
