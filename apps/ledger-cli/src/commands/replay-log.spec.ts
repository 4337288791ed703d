import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { seedHospitals } from '../../../../test/e2e/cli-replay.fixtures';
import { exportLog, type ExportManifest, type ExportedEvent } from './export-log';
import { replayExport, reportFigures } from './replay-log';

/** Writes NDJSON lines and a manifest that matches them, as exportLog would have. */
function writeExport(file: string, events: ExportedEvent[]): void {
  const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
  writeFileSync(file, text);
  const manifest: ExportManifest = {
    format: 'yibao-ledger-export/1',
    file,
    count: events.length,
    lastPosition: events.length > 0 ? events[events.length - 1]!.position : null,
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    filter: null,
    exportedAt: new Date().toISOString(),
  };
  writeFileSync(`${file}.manifest.json`, JSON.stringify(manifest));
}

const readExport = (file: string): ExportedEvent[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as ExportedEvent);

describe('cli replay', () => {
  let dir: string;
  let exported: ExportedEvent[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-replay-'));
    const live = await seedHospitals(join(dir, 'live.db'), 4);
    await exportLog(live, join(dir, 'live.ndjson'));
    await live.close();
    exported = readExport(join(dir, 'live.ndjson'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const target = () => join(dir, `${randomUUID()}.db`);

  it('keeps the recorded positions, gaps included: the copy reads as of a position exactly as the source', async () => {
    // Positions as PostgreSQL leaves them after rolled-back transactions: 1, 2, 5, 9, ...
    const gappy = exported.map((e, i) => ({ ...e, position: String(1 + i * 2 + (i > 1 ? 2 : 0) + (i > 3 ? 3 : 0)) }));
    expect(gappy.slice(0, 4).map((e) => e.position)).toEqual(['1', '3', '7', '9']);
    const file = join(dir, 'gappy.ndjson');
    writeExport(file, gappy);
    const copyPath = target();
    const report = await replayExport(file, copyPath);
    expect(report).toMatchObject({
      ok: true,
      imported: gappy.length,
      manifestSha256Matches: true,
      lastPositionMatchesManifest: true,
      hashesMatchExport: true,
      headPosition: gappy[gappy.length - 1]!.position,
    });
    expect(report.verify.ok).toBe(true);
    const copy = SqliteEventStore.open({ path: copyPath });
    try {
      const all = await copy.readAll({ limit: 1000 });
      expect(all.map((e) => [e.position.toString(), e.id, e.recordedAt.toISOString()])).toEqual(
        gappy.map((e) => [e.position, e.id, e.recordedAt]),
      );
      // As of position 8 (between 7 and 9): the source's events up to 7, no more.
      const asOf = await copy.readAll({ before: 9n, direction: 'backwards', limit: 1000 });
      expect(asOf.map((e) => e.position.toString())).toEqual(['7', '3', '1']);
    } finally {
      await copy.close();
    }
  });

  it('reports a missing revision as the first break (stream, revision, cause), like verify, without figures', async () => {
    const stream = exported[0]!.stream;
    const missing = exported.findIndex((e) => e.stream === stream && e.revision === '1');
    const file = join(dir, 'missing.ndjson');
    writeExport(file, exported.filter((_, i) => i !== missing));
    const report = await replayExport(file, target());
    const next = exported[missing + 1]!;
    expect(report.ok).toBe(false);
    expect(report.verify).toMatchObject({
      ok: false,
      eventsChecked: missing + 1,
      firstBreak: { stream, revision: '2', position: next.position, eventId: next.id, cause: 'revision_gap' },
    });
    expect(report.verify.firstBreak?.detail).toMatch(/revision 2 where revision 1 was expected/);
    expect(report).toMatchObject({ imported: 0, hashesMatchExport: false, trialBalance: null, projections: null });
  });

  it('refuses positions out of order, and a line that is not an event, as first breaks', async () => {
    // The fourth event claims a position before the third's: the log would not be in commit order.
    const reordered = exported.map((e, i) => (i === 3 ? { ...e, position: exported[1]!.position } : e));
    const file = join(dir, 'reordered.ndjson');
    writeExport(file, reordered);
    const report = await replayExport(file, target());
    expect(report.verify.firstBreak).toMatchObject({
      cause: 'position_not_increasing',
      eventId: exported[3]!.id,
      position: exported[1]!.position,
    });
    expect(report.verify.firstBreak?.detail).toMatch(/positions must strictly increase/);
    expect(report.ok).toBe(false);

    const garbled = join(dir, 'garbled.ndjson');
    writeFileSync(garbled, `${JSON.stringify(exported[0])}\n{"not json\n`);
    writeFileSync(`${garbled}.manifest.json`, JSON.stringify({ count: 2, sha256: 'x', lastPosition: '1' }));
    const broken = await replayExport(garbled, target());
    expect(broken).toMatchObject({ ok: false, imported: 1, verify: { ok: false, eventsChecked: 2, firstBreak: { cause: 'malformed_line' } } });
  });

  it('writes every amount as a two-decimal yuan string, named with its unit last', async () => {
    const report = await replayExport(join(dir, 'live.ndjson'), target());
    expect(report.ok).toBe(true);
    const journal = report.projections?.['journal'] as { accounts: Array<Record<string, string>> };
    expect(Object.keys(journal.accounts[0]!)).toEqual(['fundId', 'account', 'debitYuan', 'creditYuan']);
    const leaves: Array<[string, JsonValue]> = [];
    const walk = (value: unknown, key: string): void => {
      if (Array.isArray(value)) value.forEach((item) => walk(item, key));
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
      else leaves.push([key, value as JsonValue]);
    };
    walk({ trialBalance: report.trialBalance, projections: report.projections }, '');
    const amounts = leaves.filter(([key]) => key.endsWith('Yuan'));
    expect(amounts.length).toBeGreaterThan(50);
    for (const [key, value] of amounts) expect({ key, value }).toEqual({ key, value: expect.stringMatching(/^-?\d+\.\d{2}$/) });
    // No amount left without its unit: the only other decimal strings are positions and the like.
    const bare = leaves.filter(([key, value]) => !key.endsWith('Yuan') && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
    expect(bare.map(([key]) => key).filter((key) => key !== 'lastPosition')).toEqual([]);
  });

  it('reportFigures leaves positions, ratios, scores, identifiers and numbers alone', () => {
    expect(
      reportFigures({
        lastPosition: '12',
        fundShareRatio: '0.7',
        score: '85',
        payeeId: '330100',
        year: 2024,
        cash: '36000000',
        prepaid: '1.5',
        quotaYuan: '10',
        tiers: [{ amount: '-3.1', upToQuotaRatio: '1.1' }],
        share: '0.125',
      }),
    ).toEqual({
      lastPosition: '12',
      fundShareRatio: '0.7',
      score: '85',
      payeeId: '330100',
      year: 2024,
      cashYuan: '36000000.00',
      prepaidYuan: '1.50',
      quotaYuan: '10.00',
      tiers: [{ amountYuan: '-3.10', upToQuotaRatio: '1.1' }],
      share: '0.125',
    });
  });
});
