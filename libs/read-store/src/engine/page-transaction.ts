import type {
  CurrentVersion,
  KeyValue,
  PlainRow,
  ReadTransaction,
  StoreTransaction,
  TableRef,
  Validity,
  Value,
  Values,
  VersionInsert,
} from '../read-store.port';

export class ProjectionContractError extends Error {
  override readonly name = 'ProjectionContractError';
}

interface KeyState {
  readonly key: KeyValue;
  /** The stored current version when the page began (undefined: none). */
  readonly stored: CurrentVersion | undefined;
  /** New versions of this page, in position order. */
  readonly pending: Array<{ values: Values; validity: Validity }>;
}

/**
 * The projection's view of one page's transaction. Writes are kept per key until the page ends and then
 * written in a few statements per table: each touched key's stored current version is closed once, and
 * its new versions go in with their ends already known (a version followed by another of the same page
 * ends where that one begins). Reads see the page's own writes. Memory is bounded by the page.
 */
export class PageTransaction implements ReadTransaction {
  validity: Validity = { position: -1n, recordedAt: '', effectiveDate: '' };
  private readonly versioned = new Map<string, Map<string, KeyState>>();
  /** Plain rows read or written in this page; dirty ones are upserted at the end. */
  private readonly plain = new Map<
    string,
    Map<string, { key: KeyValue; values: Values | undefined; dirty: boolean }>
  >();

  constructor(
    private readonly tx: StoreTransaction,
    private readonly refs: ReadonlyMap<string, TableRef>,
  ) {}

  private ref(table: string, versioned: boolean): TableRef {
    const ref = this.refs.get(table);
    if (!ref) throw new ProjectionContractError(`no table ${table} in this projection`);
    if (ref.table.versioned !== versioned) {
      throw new ProjectionContractError(
        `table ${table} is ${ref.table.versioned ? '' : 'not '}versioned: use ${versioned ? 'upsert' : 'put'}`,
      );
    }
    return ref;
  }

  async get(table: string, key: KeyValue): Promise<Values | undefined> {
    const ref = this.refs.get(table);
    if (!ref) throw new ProjectionContractError(`no table ${table} in this projection`);
    if (ref.table.versioned) {
      const state = await this.keyState(ref, key);
      return state.pending.at(-1)?.values ?? state.stored?.values;
    }
    const rows = this.rowsOf(this.plain, table);
    const id = keyId(ref, key);
    const cached = rows.get(id);
    if (cached) return cached.values;
    const values = await this.tx.plainRow(ref, key);
    rows.set(id, { key: { ...key }, values, dirty: false });
    return values;
  }

  async put(table: string, key: KeyValue, values: Values, validity: Validity = this.validity): Promise<void> {
    const ref = this.ref(table, true);
    checkValues(ref, values);
    const state = await this.keyState(ref, key);
    const last = state.pending.at(-1);
    const lastPosition = last?.validity.position ?? state.stored?.validFromPosition ?? -1n;
    if (last && last.validity.position === validity.position) {
      last.values = { ...values }; // the same event changes the key twice: one version
      return;
    }
    if (validity.position <= lastPosition) {
      throw new ProjectionContractError(`${table}: a version at ${validity.position} after one at ${lastPosition}`);
    }
    state.pending.push({ values: { ...values }, validity });
  }

  async upsert(table: string, key: KeyValue, values: Values): Promise<void> {
    const ref = this.ref(table, false);
    checkValues(ref, values);
    this.rowsOf(this.plain, table).set(keyId(ref, key), { key: { ...key }, values: { ...values }, dirty: true });
  }

  private async keyState(ref: TableRef, key: KeyValue): Promise<KeyState> {
    const states = this.rowsOf(this.versioned, ref.table.name);
    const id = keyId(ref, key);
    let state = states.get(id);
    if (!state) {
      state = { key: { ...key }, stored: await this.tx.currentVersion(ref, key), pending: [] };
      states.set(id, state);
    }
    return state;
  }

  private rowsOf<T>(map: Map<string, Map<string, T>>, table: string): Map<string, T> {
    let rows = map.get(table);
    if (!rows) map.set(table, (rows = new Map<string, T>()));
    return rows;
  }

  /** Writes the page's changes (called once, after the last event, inside the same transaction). */
  async flush(): Promise<number> {
    let written = 0;
    for (const [table, states] of this.versioned) {
      const closes: Array<{ key: KeyValue; position: bigint }> = [];
      const inserts: VersionInsert[] = [];
      for (const state of states.values()) {
        const first = state.pending[0];
        if (!first) continue;
        if (state.stored) closes.push({ key: state.key, position: first.validity.position });
        state.pending.forEach((version, index) => {
          const next = state.pending[index + 1];
          inserts.push({
            key: state.key,
            values: version.values,
            validity: version.validity,
            validToPosition: next?.validity.position ?? null,
          });
        });
      }
      if (inserts.length > 0) await this.tx.writeVersions(this.ref(table, true), closes, inserts);
      written += inserts.length;
    }
    for (const [table, rows] of this.plain) {
      const changed: PlainRow[] = [];
      for (const row of rows.values()) if (row.dirty && row.values) changed.push({ key: row.key, values: row.values });
      if (changed.length > 0) await this.tx.upsertPlain(this.ref(table, false), changed);
      written += changed.length;
    }
    return written;
  }
}

function keyId(ref: TableRef, key: KeyValue): string {
  const parts = ref.table.key.map((column) => {
    const value = key[column];
    if (typeof value !== 'string')
      throw new ProjectionContractError(`${ref.table.name}: key column ${column} must be a string`);
    return value;
  });
  return parts.length === 1 ? parts[0]! : JSON.stringify(parts);
}

function checkValues(ref: TableRef, values: Values): void {
  for (const [column, value] of Object.entries(values)) {
    const kind = ref.table.values[column];
    if (kind === undefined) throw new ProjectionContractError(`${ref.table.name}: no column ${column}`);
    if (!fits(kind, value))
      throw new ProjectionContractError(
        `${ref.table.name}.${column}: expected ${kind === 'fen' ? 'bigint' : 'string'}`,
      );
  }
}

const fits = (kind: 'fen' | 'text', value: Value): boolean =>
  value === null || (kind === 'fen' ? typeof value === 'bigint' : typeof value === 'string');
