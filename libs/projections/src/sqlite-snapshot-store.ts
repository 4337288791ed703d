import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MAX_HISTORY_ENTRIES, type HistoryEntry, type ProjectionSnapshot, type SnapshotStore } from './projection';

interface SnapshotRow {
  projection: string;
  version: number;
  checkpoint: string;
  checkpoint_recorded_at: string | null;
  events_applied: number;
  state: string;
  max_recorded_at: string | null;
  interval_min_recorded_at: string | null;
  /** 0 for rows written before these columns existed: their running max is unknown. */
  tracked: number;
}

/**
 * Snapshots in a local SQLite file (each service instance keeps its own projections). One row per
 * projection, replaced in one statement: the state and its checkpoint can never disagree. History
 * rows (as-of snapshots) are kept per projection version and never updated with other content.
 */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<SqliteSnapshotStore['prepare']>;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL'); // a lost snapshot only costs a longer catch-up, never a wrong state
    this.db.exec(`CREATE TABLE IF NOT EXISTS projection_snapshots (
      projection TEXT PRIMARY KEY, version INTEGER NOT NULL, checkpoint TEXT NOT NULL,
      checkpoint_recorded_at TEXT, events_applied INTEGER NOT NULL, state TEXT NOT NULL, saved_at TEXT NOT NULL
    ) WITHOUT ROWID`);
    this.migrate();
    this.db.exec(`CREATE TABLE IF NOT EXISTS projection_history (
      projection TEXT NOT NULL, version INTEGER NOT NULL, checkpoint INTEGER NOT NULL,
      max_recorded_at TEXT, interval_min_recorded_at TEXT NOT NULL, snapshot TEXT NOT NULL, saved_at TEXT NOT NULL,
      PRIMARY KEY (projection, version, checkpoint)
    ) WITHOUT ROWID`);
    this.statements = this.prepare();
  }

  async load(projection: string): Promise<ProjectionSnapshot | undefined> {
    const row = this.statements.load.get(projection) as SnapshotRow | undefined;
    if (!row) return undefined;
    if (row.tracked !== 1) return undefined; // written before recordedAt tracking: rebuild rather than guess
    return {
      projection: row.projection,
      version: row.version,
      checkpoint: row.checkpoint,
      checkpointRecordedAt: row.checkpoint_recorded_at,
      eventsApplied: row.events_applied,
      state: JSON.parse(row.state) as ProjectionSnapshot['state'],
      maxRecordedAt: row.max_recorded_at,
      intervalMinRecordedAt: row.interval_min_recorded_at,
    };
  }

  async save(snapshot: ProjectionSnapshot): Promise<void> {
    this.statements.save.run(
      snapshot.projection,
      snapshot.version,
      snapshot.checkpoint,
      snapshot.checkpointRecordedAt,
      snapshot.eventsApplied,
      JSON.stringify(snapshot.state),
      new Date().toISOString(),
      snapshot.maxRecordedAt,
      snapshot.intervalMinRecordedAt,
    );
  }

  async saveHistory(entry: HistoryEntry, snapshot: ProjectionSnapshot): Promise<void> {
    this.statements.saveHistory.run(
      snapshot.projection,
      snapshot.version,
      entry.checkpoint,
      entry.maxRecordedAt,
      entry.intervalMinRecordedAt,
      JSON.stringify(snapshot),
      new Date().toISOString(),
    );
  }

  async historyIndex(projection: string, version: number): Promise<HistoryEntry[]> {
    const rows = this.statements.historyIndex.all(projection, version, MAX_HISTORY_ENTRIES) as Array<{
      checkpoint: bigint;
      max_recorded_at: string | null;
      interval_min_recorded_at: string;
    }>;
    return rows.map((row) => ({
      checkpoint: BigInt(row.checkpoint),
      maxRecordedAt: row.max_recorded_at,
      intervalMinRecordedAt: row.interval_min_recorded_at,
    }));
  }

  async loadHistory(projection: string, version: number, checkpoint: bigint): Promise<ProjectionSnapshot | undefined> {
    const row = this.statements.loadHistory.get(projection, version, checkpoint) as { snapshot: string } | undefined;
    return row ? (JSON.parse(row.snapshot) as ProjectionSnapshot) : undefined;
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Adds the recordedAt tracking columns to a file made by an earlier release (its rows stay untracked). */
  private migrate(): void {
    const columns = new Set((this.db.pragma('table_info(projection_snapshots)') as Array<{ name: string }>).map((c) => c.name));
    if (columns.has('tracked')) return;
    this.db.exec(`ALTER TABLE projection_snapshots ADD COLUMN max_recorded_at TEXT;
      ALTER TABLE projection_snapshots ADD COLUMN interval_min_recorded_at TEXT;
      ALTER TABLE projection_snapshots ADD COLUMN tracked INTEGER NOT NULL DEFAULT 0;`);
  }

  private prepare() {
    const db = this.db;
    return {
      load: db.prepare('SELECT * FROM projection_snapshots WHERE projection = ?'),
      save: db.prepare(
        `INSERT INTO projection_snapshots (projection, version, checkpoint, checkpoint_recorded_at, events_applied, state, saved_at,
           max_recorded_at, interval_min_recorded_at, tracked)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT(projection) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint,
           checkpoint_recorded_at = excluded.checkpoint_recorded_at, events_applied = excluded.events_applied,
           state = excluded.state, saved_at = excluded.saved_at, max_recorded_at = excluded.max_recorded_at,
           interval_min_recorded_at = excluded.interval_min_recorded_at, tracked = 1`,
      ),
      saveHistory: db.prepare(
        `INSERT OR REPLACE INTO projection_history
           (projection, version, checkpoint, max_recorded_at, interval_min_recorded_at, snapshot, saved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      historyIndex: db
        .prepare(
          `SELECT checkpoint, max_recorded_at, interval_min_recorded_at FROM projection_history
           WHERE projection = ? AND version = ? ORDER BY checkpoint LIMIT ?`,
        )
        .safeIntegers(true),
      loadHistory: db.prepare('SELECT snapshot FROM projection_history WHERE projection = ? AND version = ? AND checkpoint = ?'),
    };
  }
}
