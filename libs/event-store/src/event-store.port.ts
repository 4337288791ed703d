/**
 * The event-store port. Every adapter (SQLite, PostgreSQL, KurrentDB) implements exactly this,
 * and every adapter passes the same conformance suite (libs/event-store/test/conformance.ts).
 *
 * Numbering: stream revisions start at 0n; global positions strictly increase in commit order.
 * Revisions and positions are bigint inside the process and decimal strings at every edge (JSON, HTTP, files).
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What the caller expects the stream to be when appending. There is deliberately no "any". */
export type ExpectedRevision = bigint | 'no_stream' | 'exists';

/** Hash-chain fields the store adds to every event's metadata. */
export interface ChainLink {
  /** sha256 (hex) of the previous event in the same stream; GENESIS_HASH for revision 0. */
  prevHash: string;
  /** sha256 (hex) of this event's canonical form (see hash-chain.ts). */
  hash: string;
}

export interface NewEvent {
  /** uuid, chosen by the caller. Deterministic ids make retried appends idempotent. */
  id: string;
  type: string;
  data: JsonObject;
  /** Application metadata (actor, role, commandId, ...). Must not contain prevHash/hash: the store sets them. */
  metadata: JsonObject;
}

export interface RecordedEvent {
  id: string;
  stream: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: JsonObject;
  /** The caller's metadata plus the chain link (prevHash, hash). */
  metadata: JsonObject & ChainLink;
  /** When the store committed the event (store clock). Domain time lives in metadata. */
  recordedAt: Date;
}

export interface AppendResult {
  /** Revision of the last event written: pass it as `expected` for the next append to the stream. */
  nextExpectedRevision: bigint;
  /** Global position of the last event written. */
  position: bigint;
  /** True when these events were already committed (a retried append): nothing was written this time. */
  retried?: boolean;
}

/** Records which command produced which append, so retries can return the first result. */
export interface CommandRecord {
  commandId: string;
  /** sha256 of the canonical command body: the same id with another body is a conflict. */
  bodyHash: string;
  stream: string;
  firstRevision: bigint;
  lastRevision: bigint;
  position: bigint;
}

export interface AppendOptions {
  /** When given, the append also records the command id atomically (SQL stores) or as close as the store allows. */
  command?: { commandId: string; bodyHash: string };
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Forwards default 0n; backwards default: the last revision. */
  fromRevision?: bigint;
  direction?: Direction;
  /** 1..MAX_PAGE_SIZE */
  limit: number;
}

export interface AllFilter {
  eventTypes?: readonly string[];
  streamPrefix?: string;
}

export interface ReadAllOptions {
  /** Forwards: only events with position > after. Absent: from the beginning. */
  after?: bigint;
  /** Backwards: only events with position < before. Absent: from the end. */
  before?: bigint;
  direction?: Direction;
  /** 1..MAX_PAGE_SIZE */
  limit: number;
  filter?: AllFilter;
}

export interface SubscribeAllOptions {
  /** Deliver events with position > after (the checkpoint: the last position actually processed). */
  after?: bigint;
  filter?: AllFilter;
  /** Page size while catching up. Defaults to 500. */
  batchSize?: number;
}

export interface Subscription {
  /** Stops delivery; resolves once the in-flight handler call (if any) has returned. */
  stop(): Promise<void>;
  /** Resolves when the subscription has caught up with the head at least once. */
  readonly caughtUp: Promise<void>;
}

/**
 * Handlers are awaited one at a time, in position order. A handler that throws stops the subscription
 * (onError is called); the caller resubscribes from its own last checkpoint.
 */
export type EventHandler = (event: RecordedEvent) => Promise<void> | void;

export interface SubscriptionCallbacks {
  onError?: (error: unknown) => void;
}

export type StoreKind = 'sqlite' | 'postgres' | 'kurrentdb';

export interface EventStore {
  readonly kind: StoreKind;

  append(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    options?: AppendOptions,
  ): Promise<AppendResult>;

  readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]>;

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;

  subscribeAll(options: SubscribeAllOptions, handler: EventHandler, callbacks?: SubscriptionCallbacks): Subscription;

  /** The command record for a command id, if that command was ever appended. */
  findCommand(commandId: string): Promise<CommandRecord | undefined>;

  /** Position of the last event in the global log, or -1n for an empty store. */
  headPosition(): Promise<bigint>;

  /** Cheap reachability probe for /health. Throws when the store cannot be reached. */
  ping(): Promise<void>;

  /** Waits for in-flight appends, then releases connections and files. Idempotent. */
  close(): Promise<void>;
}

/**
 * An event as a store recorded it (e.g. one line of an export), to be imported keeping its global
 * position: a replayed copy then answers as-of-position reads exactly as the original does, gaps included
 * (PostgreSQL leaves gaps after rolled-back transactions). A RecordedEvent is an ImportEvent.
 */
export interface ImportEvent {
  id: string;
  stream: string;
  /** Must continue the stream: its head + 1 (0n for a new stream). */
  revision: bigint;
  /** Must be above the previous imported event's and above the store's head position. */
  position: bigint;
  type: string;
  data: JsonObject;
  /** Any prevHash/hash in it is ignored: the store re-chains every event, exactly as an append would. */
  metadata: JsonObject;
  /** Kept as recorded (the original store's clock), not the importing store's. */
  recordedAt: Date;
}

export interface ImportResult {
  imported: number;
  /** Position of the last imported event (its recorded position). */
  lastPosition: bigint;
}

/**
 * Optional capability of a store, beside EventStore: import recorded events at their original positions.
 * SQLite and PostgreSQL implement it; KurrentDB assigns positions itself and throws EventStoreUnsupportedError.
 * One call is atomic: every event is imported, or (EventImportRefusedError, DuplicateEventIdError, ...) none.
 * No command records are written: imported events are history, not commands.
 */
export interface RecordedEventImport {
  importRecorded(events: readonly ImportEvent[]): Promise<ImportResult>;
}

/** Every page has a limit (principle 9). */
export const MAX_PAGE_SIZE = 1000;
/** Every append has a limit: the number of events and the bytes of one event. */
export const MAX_EVENTS_PER_APPEND = 1000;
export const MAX_EVENT_BYTES = 4 * 1024 * 1024;
/** Most events one importRecorded call takes. */
export const MAX_EVENTS_PER_IMPORT = 1000;
/** Default bound of an adapter's group-commit queue (appends waiting for a commit); past it, EventStoreBusyError. */
export const DEFAULT_MAX_PENDING_APPENDS = 10_000;

export const GENESIS_HASH = '0'.repeat(64);
