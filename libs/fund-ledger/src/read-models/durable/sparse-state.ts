import type { RecordedEvent } from '@ledger/event-store';
import {
  ProjectionContractError,
  effectiveDateOf,
  recordedAtOf,
  type ReadModelProjection,
  type ReadTransaction,
  type TableDefinition,
  type Validity,
} from '@ledger/read-store';

/**
 * The generic partitioned adapter: a projection whose state is a few maps of small partitions (a
 * hospital-year, a receivable, a fund-month ...) keeps one versioned row per partition, and each event is
 * folded by the projection's own pure apply() over a SPARSE state holding only the partitions it touches.
 *
 * The maps of that state are SparseMaps: reading or writing a partition that was not loaded throws
 * MissingPartition, the adapter loads it and folds the event again from the rows (apply is pure, so a
 * second try from the same rows is the same fold); walking a map throws (a fold never walks a whole
 * projection). So the partitions an event touches need not be declared exactly: hints() names the likely
 * ones (one try in the common case), anything else is discovered. A partition whose encoding changed
 * gets a version stamped with the event's validity; one deleted by the fold gets a tombstone version.
 *
 * Stamps are per partition: recordedAt and effectiveDate are running maxima along the partition's OWN
 * events (rec_max, eff_max), not along the whole log. "As of instant T" then finds, per partition, the
 * state after its events recorded at or before T, as the in-memory fold filtered them, as long as a
 * partition's own events are recorded in order (they are: one stream's appends, or one hospital's);
 * only a partition whose own events step back in time (clock skew between instances) differs.
 */
export class MissingPartition extends Error {
  override readonly name = 'MissingPartition';
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`partition ${kind}/${id} was not loaded`);
  }
}

export class SparseMap<V> extends Map<string, V> {
  private readonly known = new Set<string>();

  constructor(private readonly kind: string) {
    super();
  }

  /** Loaded by the adapter: present (value) or known to be absent (undefined). */
  load(id: string, value: V | undefined): void {
    this.known.add(id);
    if (value !== undefined) super.set(id, value);
  }

  private check(id: string): void {
    if (!this.known.has(id)) throw new MissingPartition(this.kind, id);
  }

  override get(id: string): V | undefined {
    this.check(id);
    return super.get(id);
  }
  override has(id: string): boolean {
    this.check(id);
    return super.has(id);
  }
  override set(id: string, value: V): this {
    this.check(id);
    return super.set(id, value);
  }
  override delete(id: string): boolean {
    this.check(id);
    return super.delete(id);
  }
  override values(): MapIterator<V> {
    throw new ProjectionContractError(`a fold must not walk the ${this.kind} partitions`);
  }
  override keys(): MapIterator<string> {
    throw new ProjectionContractError(`a fold must not walk the ${this.kind} partitions`);
  }
  override entries(): MapIterator<[string, V]> {
    throw new ProjectionContractError(`a fold must not walk the ${this.kind} partitions`);
  }
  override [Symbol.iterator](): MapIterator<[string, V]> {
    throw new ProjectionContractError(`a fold must not walk the ${this.kind} partitions`);
  }
  override forEach(): void {
    throw new ProjectionContractError(`a fold must not walk the ${this.kind} partitions`);
  }

  /** The loaded partitions, for writing them back (the adapter's own walk, never the fold's). */
  loadedIds(): string[] {
    return [...this.known];
  }
  peek(id: string): V | undefined {
    return super.get(id);
  }
}

/** One kind of partition: where it lives in the state, its table and its row encoding. */
export interface PartitionKind<State, Item> {
  readonly kind: string;
  /** The partition's table: its name and key columns (the adapter adds body, rec_max, eff_max; versioned). */
  readonly table: Pick<TableDefinition, 'name' | 'key'>;
  mapOf(state: State): SparseMap<Item>;
  /** The row key of a partition id (the id is the state map's key), and back. */
  keyOf(id: string): Record<string, string>;
  encode(item: Item): string;
  decode(text: string): Item;
}

export interface PartitionedProjection<State> {
  readonly name: string;
  readonly version: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly kinds: ReadonlyArray<PartitionKind<State, any>>;
  /** Cheap filter: events the fold ignores are skipped without loading anything. */
  relevant(event: RecordedEvent): boolean;
  /** A fresh sparse state (its maps empty SparseMaps). */
  sparse(): State;
  apply(state: State, event: RecordedEvent): State;
  /** The partitions the event probably touches, as [kind, id]. */
  hints(event: RecordedEvent): Array<readonly [string, string]>;
}

/** Retries per event: each one discovers at least one more partition, and a fold touches a handful. */
const MAX_TRIES = 16;

export function partitionedReadModel<State>(spec: PartitionedProjection<State>): ReadModelProjection {
  const kinds = new Map(spec.kinds.map((k) => [k.kind, k]));
  return {
    name: spec.name,
    version: spec.version,
    tables: spec.kinds.map((k) => ({
      name: k.table.name,
      key: k.table.key,
      values: { body: 'text', rec_max: 'text', eff_max: 'text' },
      versioned: true,
    })),
    async apply(tx, event) {
      if (!spec.relevant(event)) return;
      const texts = new Map<string, Stored>(); // `${kind}\u0000${id}` → the stored row (body null: absent)
      const load = async (kind: string, id: string): Promise<void> => {
        const token = `${kind}\u0000${id}`;
        if (texts.has(token)) return;
        const partition = kinds.get(kind)!;
        const row = await tx.get(partition.table.name, partition.keyOf(id));
        const text = (column: string): string | null => (typeof row?.[column] === 'string' ? (row[column] as string) : null);
        texts.set(token, { body: text('body'), rec: text('rec_max') ?? '', eff: text('eff_max') ?? '' });
      };
      for (const [kind, id] of spec.hints(event)) await load(kind, id);
      for (let attempt = 1; ; attempt += 1) {
        const state = spec.sparse();
        for (const [token, stored] of texts) {
          const [kind, id] = token.split('\u0000') as [string, string];
          const partition = kinds.get(kind)!;
          partition.mapOf(state).load(id, stored.body === null ? undefined : partition.decode(stored.body));
        }
        try {
          spec.apply(state, event);
        } catch (error) {
          if (!(error instanceof MissingPartition) || attempt >= MAX_TRIES) throw error;
          await load(error.kind, error.id);
          continue;
        }
        await writeBack(tx, spec.kinds, state, texts, event);
        return;
      }
    },
  };
}

interface Stored {
  readonly body: string | null;
  readonly rec: string;
  readonly eff: string;
}

const later = (a: string, b: string): string => (a >= b ? a : b);

async function writeBack<State>(
  tx: ReadTransaction,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  kinds: ReadonlyArray<PartitionKind<State, any>>,
  state: State,
  texts: ReadonlyMap<string, Stored>,
  event: RecordedEvent,
): Promise<void> {
  const recordedAt = recordedAtOf(event);
  const effectiveDate = effectiveDateOf(event);
  for (const partition of kinds) {
    const map = partition.mapOf(state);
    for (const id of map.loadedIds()) {
      const item = map.peek(id);
      const after = item === undefined ? null : partition.encode(item);
      const before = texts.get(`${partition.kind}\u0000${id}`);
      if (after === (before?.body ?? null)) continue;
      const validity: Validity = {
        position: event.position,
        recordedAt: later(before?.rec ?? '', recordedAt),
        effectiveDate: later(before?.eff ?? '', effectiveDate),
      };
      const values = { body: after, rec_max: validity.recordedAt, eff_max: validity.effectiveDate };
      await tx.put(partition.table.name, partition.keyOf(id), values, validity);
    }
  }
}

/** Decodes the body of a partition row (undefined for an absent row or a tombstone). */
export function bodyOf<Item>(partition: Pick<PartitionKind<unknown, Item>, 'decode'>, values: Readonly<Record<string, unknown>> | undefined): Item | undefined {
  const body = values?.['body'];
  return typeof body === 'string' ? partition.decode(body) : undefined;
}
