import type {
  AsOf,
  KeyValue,
  ListOptions,
  PlainRow,
  ReadModelProjection,
  ReadStore,
  TableRef,
  VersionedRow,
} from '../read-store.port';

/** How a reader learns the active generation: fresh=true after a read hit a table a swap had dropped. */
export type GenerationSource = (projection: string, fresh: boolean) => Promise<number>;

/**
 * Reads one projection's tables by their logical names, in whichever generation is active. A rebuild's
 * swap drops the old generation's tables; a read that raced it retries once with the new generation.
 */
export class ProjectionReader {
  constructor(
    private readonly store: ReadStore,
    readonly projection: ReadModelProjection,
    private readonly generation: GenerationSource,
  ) {}

  current(table: string, key: KeyValue): Promise<VersionedRow | PlainRow | undefined> {
    return this.withRef(table, (ref) => this.store.current(ref, key));
  }

  asOf(table: string, key: KeyValue, at: AsOf): Promise<VersionedRow | undefined> {
    return this.withRef(table, (ref) => this.store.asOf(ref, key, at));
  }

  list(table: string, options: ListOptions): Promise<Array<VersionedRow | PlainRow>> {
    return this.withRef(table, (ref) => this.store.list(ref, options));
  }

  versions(table: string, key: KeyValue, options: { fromPosition?: bigint; limit: number }): Promise<VersionedRow[]> {
    return this.withRef(table, (ref) => this.store.versions(ref, key, options));
  }

  private async withRef<T>(table: string, read: (ref: TableRef) => Promise<T>): Promise<T> {
    const definition = this.projection.tables.find((t) => t.name === table);
    if (!definition) throw new TypeError(`projection ${this.projection.name} has no table ${table}`);
    const ref = async (fresh: boolean): Promise<TableRef> => ({
      projection: this.projection.name,
      generation: await this.generation(this.projection.name, fresh),
      table: definition,
    });
    try {
      return await read(await ref(false));
    } catch (error) {
      if (!this.store.isMissingTable(error)) throw error;
      return read(await ref(true));
    }
  }
}
