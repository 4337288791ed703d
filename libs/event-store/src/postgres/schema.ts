import { createHash } from 'node:crypto';
import { EventStoreArgumentError } from '../errors';

/**
 * Schema names are interpolated into SQL as identifiers, so they are restricted to plain lower-case
 * identifiers within PostgreSQL's 63-byte limit (the same rule as LEDGER_POSTGRES_SCHEMA).
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_IDENTIFIER_BYTES = 63;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new EventStoreArgumentError(`schema must match ${SCHEMA_NAME.source}, got ${JSON.stringify(schema)}`);
  }
}

/** The channel appends NOTIFY on, so subscribers in other processes wake up without waiting for a poll. */
export function notifyChannel(schema: string): string {
  const readable = `${schema}_appended`;
  if (readable.length <= MAX_IDENTIFIER_BYTES) return readable;
  // Too long for a channel name (pg_notify would refuse it): a stable, still per-schema, name.
  return `appended_${createHash('sha256').update(schema).digest('hex').slice(0, 32)}`;
}

/**
 * events:   the append-only log. position is the global order; it is assigned only while the append
 *           advisory lock is held, so positions become visible in increasing order (no holes for a
 *           reader polling `position > checkpoint`). stream is COLLATE "C" so that the (stream, revision)
 *           index also serves `stream LIKE 'prefix%'`. data/metadata are jsonb: queryable by auditors and
 *           read models; JSON values round-trip (key order and whitespace are not kept, and the hash chain
 *           is over canonical JSON, so they need not be).
 * streams:  each stream's head revision and hash: the expected-revision check and the chain need one
 *           indexed read per append.
 * commands: which append each command produced, written in the append's transaction.
 * Triggers refuse UPDATE, DELETE and TRUNCATE of events for the application role; someone with owner
 * rights can disable them, which is what the hash chain is for.
 */
export function schemaDdl(schema: string): string {
  assertSchemaName(schema);
  const s = `"${schema}"`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.events (
  position    bigint GENERATED ALWAYS AS IDENTITY,
  event_id    text             NOT NULL,
  stream      text COLLATE "C" NOT NULL,
  revision    bigint           NOT NULL,
  type        text             NOT NULL,
  data        jsonb            NOT NULL,
  metadata    jsonb            NOT NULL,
  recorded_at timestamptz      NOT NULL DEFAULT now(),
  CONSTRAINT events_pkey PRIMARY KEY (position),
  CONSTRAINT events_event_id_unique UNIQUE (event_id),
  CONSTRAINT events_stream_revision_unique UNIQUE (stream, revision),
  CONSTRAINT events_revision_check CHECK (revision >= 0)
);
CREATE INDEX IF NOT EXISTS events_type_position ON ${s}.events (type, position);
CREATE TABLE IF NOT EXISTS ${s}.streams (
  stream   text COLLATE "C" NOT NULL,
  revision bigint           NOT NULL,
  hash     text             NOT NULL,
  CONSTRAINT streams_pkey PRIMARY KEY (stream)
);
CREATE TABLE IF NOT EXISTS ${s}.commands (
  command_id     text             NOT NULL,
  body_hash      text             NOT NULL,
  stream         text COLLATE "C" NOT NULL,
  first_revision bigint           NOT NULL,
  last_revision  bigint           NOT NULL,
  position       bigint           NOT NULL,
  recorded_at    timestamptz      NOT NULL DEFAULT now(),
  CONSTRAINT commands_pkey PRIMARY KEY (command_id)
);
CREATE OR REPLACE FUNCTION ${s}.events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON ${s}.events
  FOR EACH ROW EXECUTE FUNCTION ${s}.events_append_only();
CREATE OR REPLACE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${s}.events
  FOR EACH STATEMENT EXECUTE FUNCTION ${s}.events_append_only();
`;
}
