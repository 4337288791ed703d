import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProjectionSnapshot, SnapshotStore } from './projection';

/**
 * Snapshots in a local SQLite file (each service instance keeps its own projections). One row per
 * projection, replaced in one statement: the state and its checkpoint can never disagree.
 */
export class SqliteSnapshotStore implements SnapshotStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL'); // a lost snapshot only costs a longer catch-up, never a wrong state
    this.db.exec(`CREATE TABLE IF NOT EXISTS projection_snapshots (
      projection TEXT PRIMARY KEY, version INTEGER NOT NULL, checkpoint TEXT NOT NULL,
      checkpoint_recorded_at TEXT, events_applied INTEGER NOT NULL, state TEXT NOT NULL, saved_at TEXT NOT NULL
    ) WITHOUT ROWID`);
  }

  async load(projection: string): Promise<ProjectionSnapshot | undefined> {
    const row = this.db.prepare('SELECT * FROM projection_snapshots WHERE projection = ?').get(projection) as
      | { projection: string; version: number; checkpoint: string; checkpoint_recorded_at: string | null; events_applied: number; state: string }
      | undefined;
    if (!row) return undefined;
    return {
      projection: row.projection,
      version: row.version,
      checkpoint: row.checkpoint,
      checkpointRecordedAt: row.checkpoint_recorded_at,
      eventsApplied: row.events_applied,
      state: JSON.parse(row.state) as ProjectionSnapshot['state'],
    };
  }

  async save(snapshot: ProjectionSnapshot): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO projection_snapshots (projection, version, checkpoint, checkpoint_recorded_at, events_applied, state, saved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(projection) DO UPDATE SET version = excluded.version, checkpoint = excluded.checkpoint,
           checkpoint_recorded_at = excluded.checkpoint_recorded_at, events_applied = excluded.events_applied,
           state = excluded.state, saved_at = excluded.saved_at`,
      )
      .run(
        snapshot.projection,
        snapshot.version,
        snapshot.checkpoint,
        snapshot.checkpointRecordedAt,
        snapshot.eventsApplied,
        JSON.stringify(snapshot.state),
        new Date().toISOString(),
      );
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
