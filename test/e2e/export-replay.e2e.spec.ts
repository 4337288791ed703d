import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportLog } from '../../apps/ledger-cli/src/commands/export-log';
import { replayExport, reportFigures } from '../../apps/ledger-cli/src/commands/replay-log';
import { ProjectionRegistry } from '@ledger/fund-ledger/read-models/projection-registry';
import { LIVE_PROJECTIONS } from '@ledger/fund-ledger/read-models/live-projections';
import { AppHarness } from '../support/app-harness';

/** Auditors: export the log, replay it into a fresh store on their own machine, get the same figures. */
describe('export -> replay on a fresh store reproduces the live figures', () => {
  let harness: AppHarness;
  let dir: string;
  let last = '0';

  const send = async (path: string, body: Record<string, unknown>, role: 'finance' | 'planner' = 'finance') => {
    const answer = await harness.post<{ position: string }>(path, body, role);
    if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    last = answer.body.position;
  };

  beforeAll(async () => {
    harness = await AppHarness.start();
    dir = mkdtempSync(join(tmpdir(), 'ledger-export-'));
    await send('/funds', { fundId: 'F', name: '居民医保统筹基金', kind: 'resident_pooled', poolingRegion: '泉州市' });
    await send('/contributions', { fundId: 'F', source: 'government_subsidy', subsidyLevel: 'central', amountYuan: '50000000.00', period: '2026-01' });
    for (const payeeId of ['H1', 'H2']) {
      await send('/payees', { payeeId, name: `${payeeId} 医院`, type: 'hospital', level: 'secondary', class: 'general', region: '丰泽区' });
      await send('/agreements', { payeeId, fundId: 'F', agreementId: `A-${payeeId}`, validFrom: '2026-01-01', validTo: '2026-12-31' });
      await send('/quotas', { fundId: 'F', payeeId, year: 2026, quotaYuan: '1200000.00', method: 'manual', effectiveDate: '2025-12-20' }, 'planner');
      for (let month = 1; month <= 3; month += 1) {
        await send('/prepayments', { fundId: 'F', payeeId, year: 2026, month, grossYuan: '100000.00', effectiveDate: `2026-0${month}-01` });
        await send('/settlements', { fundId: 'F', payeeId, year: 2026, month, claimedYuan: '104000.00', refusals: [{ ruleId: 'R-ENF-6', baseYuan: '1000.00', multiplier: '2', includesBase: true }], effectiveDate: `2026-0${month + 1}-05` });
      }
    }
  });

  afterAll(async () => {
    await harness.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports NDJSON with a manifest (count, last position, sha256) and replays it to identical projections', async () => {
    const file = join(dir, 'ledger.ndjson');
    const manifest = await exportLog(harness.store, file);
    expect(manifest.count).toBe(Number(await harness.store.headPosition()));
    expect(manifest.lastPosition).toBe(last);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(manifest.count);

    const report = await replayExport(file, join(dir, 'auditor.db'));
    expect(report).toMatchObject({ imported: manifest.count, manifestSha256Matches: true, hashesMatchExport: true, firstHashMismatch: null });
    expect(report.verify.ok).toBe(true);
    expect(report.trialBalance?.ok).toBe(true);

    const registry = harness.app.get(ProjectionRegistry);
    for (const projection of LIVE_PROJECTIONS) {
      const live = await registry.read(projection, { minPosition: last });
      expect({ name: projection.name, json: report.projections?.[projection.name] }).toEqual({ name: projection.name, json: reportFigures(projection.toJson(live.state)) });
    }
  });

  it('detects an export edited after the fact', async () => {
    const file = join(dir, 'edited.ndjson');
    await exportLog(harness.store, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('"MonthlySettlementPosted"'));
    lines[index] = lines[index]!.replace('"claimedYuan":"104000.00"', '"claimedYuan":"904000.00"');
    writeFileSync(file, lines.join('\n'));
    const report = await replayExport(file, join(dir, 'edited.db'));
    expect(report.manifestSha256Matches).toBe(false);
    expect(report.hashesMatchExport).toBe(false);
    expect(report.firstHashMismatch?.stream).toMatch(/^budget-F\.H\d\.2026$/);
    expect(report.projections).toBeNull(); // no figures from a log that does not verify
  });

  it('rebuilds a projection from zero while serving, then swaps, with the same figures', async () => {
    const before = await harness.get('/journal/trial-balance');
    const rebuilt = await harness.request<{ name: string; lagPositions: string; eventsApplied: number }>('POST', '/projections/journal/rebuild', { role: 'admin' });
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toMatchObject({ name: 'journal', lagPositions: '0' });
    const after = await harness.get('/journal/trial-balance');
    expect(after.body).toEqual(before.body);
    const forbidden = await harness.request('POST', '/projections/journal/rebuild', { role: 'finance' });
    expect(forbidden.status).toBe(403);
  });
});
