/**
 * events: the append-only log; position is the global order (AUTOINCREMENT never reuses a number).
 * streams: each stream's head revision and hash, so the expected-revision check and the hash chain
 *          need one indexed read per append.
 * commands: which append each command produced, for idempotent retries.
 * store_probe: always empty; the health probe inserts and deletes a row in one transaction to learn
 *          whether the disk takes writes again after a fault (see sqlite-write-guard.ts).
 * Nothing ever UPDATEs or DELETEs an events row; the triggers make that an error for the application
 * (an attacker with file access can drop them, which is what the hash chain is for).
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT    NOT NULL UNIQUE,
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream, revision)
);
CREATE INDEX IF NOT EXISTS events_type ON events (type, position);
CREATE TABLE IF NOT EXISTS streams (
  stream   TEXT    PRIMARY KEY,
  revision INTEGER NOT NULL,
  hash     TEXT    NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS commands (
  command_id     TEXT    PRIMARY KEY,
  body_hash      TEXT    NOT NULL,
  stream         TEXT    NOT NULL,
  first_revision INTEGER NOT NULL,
  last_revision  INTEGER NOT NULL,
  position       INTEGER NOT NULL,
  recorded_at    TEXT    NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_probe (
  id  INTEGER PRIMARY KEY,
  pad BLOB    NOT NULL
);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
`;
