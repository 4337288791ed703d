import type { Checkpoint, ProjectionRecord } from '../read-store.port';
import { toBigInt, toNumber, type SqlRow } from './executor';
import type { Dialect, Param, Statement } from './table-sql';

/**
 * The registry: which generation of each projection is active (and which one is being rebuilt), and the
 * checkpoint of every generation. A checkpoint row moves in the same transaction as its projection's rows.
 */
export function registryDdl(dialect: Dialect): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${dialect.qualify('rm_projections')} (
       "projection" TEXT PRIMARY KEY, "version" INTEGER NOT NULL, "active_generation" INTEGER NOT NULL,
       "shadow_generation" INTEGER, "shadow_version" INTEGER)`,
    `CREATE TABLE IF NOT EXISTS ${dialect.qualify('rm_checkpoints')} (
       "projection" TEXT NOT NULL, "generation" INTEGER NOT NULL, "position" BIGINT NOT NULL,
       "recorded_at_mark" TEXT NOT NULL, "effective_date_mark" TEXT NOT NULL,
       PRIMARY KEY ("projection", "generation"))`,
  ];
}

function statement(dialect: Dialect, sql: string, params: Param[]): Statement {
  let index = 0;
  return { sql: sql.replace(/\?/g, () => dialect.placeholder(++index)), params };
}

export const registrySql = {
  projections: (d: Dialect, name?: string): Statement =>
    statement(
      d,
      `SELECT * FROM ${d.qualify('rm_projections')}${name === undefined ? '' : ' WHERE "projection" = ?'} ORDER BY "projection"`,
      name === undefined ? [] : [name],
    ),
  checkpoints: (d: Dialect, name?: string): Statement =>
    statement(
      d,
      `SELECT * FROM ${d.qualify('rm_checkpoints')}${name === undefined ? '' : ' WHERE "projection" = ?'} ORDER BY "projection", "generation"`,
      name === undefined ? [] : [name],
    ),
  insertProjection: (d: Dialect, r: ProjectionRecord): Statement =>
    statement(
      d,
      `INSERT INTO ${d.qualify('rm_projections')} ("projection", "version", "active_generation", "shadow_generation", "shadow_version")
       VALUES (?, ?, ?, ?, ?) ON CONFLICT ("projection") DO NOTHING`,
      [r.projection, r.version, r.activeGeneration, r.shadowGeneration, r.shadowVersion],
    ),
  insertCheckpoint: (d: Dialect, projection: string, generation: number): Statement =>
    statement(
      d,
      `INSERT INTO ${d.qualify('rm_checkpoints')} ("projection", "generation", "position", "recorded_at_mark", "effective_date_mark")
       VALUES (?, ?, -1, '', '') ON CONFLICT ("projection", "generation") DO NOTHING`,
      [projection, generation],
    ),
  deleteCheckpoint: (d: Dialect, projection: string, generation: number): Statement =>
    statement(d, `DELETE FROM ${d.qualify('rm_checkpoints')} WHERE "projection" = ? AND "generation" = ?`, [
      projection,
      generation,
    ]),
  /** Compare-and-set: only the applier that read `from` moves it, so no page is ever applied twice. */
  advance: (d: Dialect, from: Checkpoint, to: Checkpoint): Statement =>
    statement(
      d,
      `UPDATE ${d.qualify('rm_checkpoints')} SET "position" = ?, "recorded_at_mark" = ?, "effective_date_mark" = ?
       WHERE "projection" = ? AND "generation" = ? AND "position" = ?`,
      [to.position, to.recordedAtMark, to.effectiveDateMark, from.projection, from.generation, from.position],
    ),
  beginShadow: (d: Dialect, projection: string, generation: number, version: number): Statement =>
    statement(
      d,
      `UPDATE ${d.qualify('rm_projections')} SET "shadow_generation" = ?, "shadow_version" = ?
       WHERE "projection" = ? AND "shadow_generation" IS NULL AND "active_generation" < ?`,
      [generation, version, projection, generation],
    ),
  swap: (d: Dialect, projection: string, shadow: number): Statement =>
    statement(
      d,
      `UPDATE ${d.qualify('rm_projections')} SET "active_generation" = "shadow_generation", "version" = "shadow_version",
       "shadow_generation" = NULL, "shadow_version" = NULL WHERE "projection" = ? AND "shadow_generation" = ?`,
      [projection, shadow],
    ),
  abandon: (d: Dialect, projection: string, shadow: number): Statement =>
    statement(
      d,
      `UPDATE ${d.qualify('rm_projections')} SET "shadow_generation" = NULL, "shadow_version" = NULL
       WHERE "projection" = ? AND "shadow_generation" = ?`,
      [projection, shadow],
    ),
};

const optionalNumber = (value: unknown, what: string): number | null =>
  value === null || value === undefined ? null : toNumber(value, what);

export function toProjectionRecord(row: SqlRow): ProjectionRecord {
  return {
    projection: String(row['projection']),
    version: toNumber(row['version'], 'version'),
    activeGeneration: toNumber(row['active_generation'], 'active_generation'),
    shadowGeneration: optionalNumber(row['shadow_generation'], 'shadow_generation'),
    shadowVersion: optionalNumber(row['shadow_version'], 'shadow_version'),
  };
}

export function toCheckpoint(row: SqlRow): Checkpoint {
  return {
    projection: String(row['projection']),
    generation: toNumber(row['generation'], 'generation'),
    position: toBigInt(row['position'], 'position'),
    recordedAtMark: String(row['recorded_at_mark']),
    effectiveDateMark: String(row['effective_date_mark']),
  };
}
