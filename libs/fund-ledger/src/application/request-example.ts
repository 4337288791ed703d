/** One named request example of an operation, as /docs shows it (the catalog is the lib root's request-examples.ts). */
export interface RequestExample {
  /** The key in the operation's `examples` (Swagger UI's drop-down). */
  readonly name: string;
  readonly summary: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/**
 * `POST /path` -> examples, in workflow order. An operation may come back later in the year (an agreement
 * terminated for cause before the year end, another one after it): the document merges its entries.
 */
export type RequestExampleCatalog = ReadonlyArray<readonly [operation: string, examples: readonly RequestExample[]]>;
