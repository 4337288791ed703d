import { HealthIndicatorService } from '@nestjs/terminus';
import type { LedgerConfig } from '@ledger/platform';
import type { ProjectionReader } from '@ledger/read-store';
import type { ProjectionProgressView, ProjectionStatuses } from './projection-statuses';
import type { ReadSide } from './read-side.port';
import { ProjectionsReadiness } from './projections.readiness';

function status(name: string, lagPositions = '0', durable = true): ProjectionProgressView {
  return {
    name,
    version: 1,
    checkpoint: '200000',
    eventsApplied: 200000,
    head: '200000',
    lagPositions,
    lagSeconds: 0,
    restarts: 0,
    running: true,
    ...(durable ? { rateEventsPerSecond: 1000, etaSeconds: lagPositions === '0' ? 0 : 10 } : {}),
  };
}

/** The journal's reader as readiness sees it: the running totals row, and a list() that must never be called. */
function journalReader(totals: { debit: bigint; credit: bigint; unbalanced: bigint } | undefined) {
  return {
    current: jest.fn(async () =>
      totals === undefined
        ? undefined
        : { key: { scope: 'all' }, values: { entries: 1n, debit_fen: totals.debit, credit_fen: totals.credit, unbalanced: totals.unbalanced } },
    ),
    list: jest.fn(async () => {
      throw new Error('readiness must not walk the accounts');
    }),
  };
}

function readinessOver(reader: ReturnType<typeof journalReader>, statuses: ProjectionProgressView[]) {
  const all = jest.fn(async () => statuses);
  const readSide = { reader: jest.fn(() => reader as unknown as ProjectionReader) };
  const readiness = new ProjectionsReadiness(
    { all } as unknown as ProjectionStatuses,
    readSide as unknown as ReadSide,
    { maxProjectionLagPositions: 10_000 } as LedgerConfig,
  );
  return { readiness, all, readSide };
}

describe('projections readiness (/health)', () => {
  it('answers from the running totals row without walking the accounts, with each projection\'s progress', async () => {
    const reader = journalReader({ debit: 5_000_000n, credit: 5_000_000n, unbalanced: 0n });
    const { readiness } = readinessOver(reader, [status('journal'), status('hospital-budgets', '0', false)]);

    const result = await readiness.check(new HealthIndicatorService());

    expect(result).toEqual({
      projections: {
        status: 'up',
        trialBalance: '0.00',
        lag: { journal: { positions: '0', seconds: 0 }, 'hospital-budgets': { positions: '0', seconds: 0 } },
        progress: { journal: { position: '200000', head: '200000', lag: '0', rateEventsPerSecond: 1000, etaSeconds: 0 } },
      },
    });
    expect(reader.list).not.toHaveBeenCalled();
  });

  it('is down when the running totals do not balance (rows altered behind the engine\'s back)', async () => {
    const { readiness } = readinessOver(journalReader({ debit: 10_000n, credit: 9_900n, unbalanced: 1n }), [status('journal')]);
    const result = await readiness.check(new HealthIndicatorService());
    expect(result['projections']).toMatchObject({ status: 'down', trialBalance: '1.00', message: 'TRIAL BALANCE IS NOT ZERO' });
  });

  it('is down, naming the projection, when one lags beyond the configured bound, and says how far it is', async () => {
    const reader = journalReader({ debit: 0n, credit: 0n, unbalanced: 0n });
    const { readiness } = readinessOver(reader, [status('journal'), status('fund-balances', '10001')]);
    const result = await readiness.check(new HealthIndicatorService());
    expect(result['projections']).toMatchObject({
      status: 'down',
      message: 'behind: fund-balances',
      progress: { 'fund-balances': { lag: '10001', etaSeconds: 10 } },
    });
  });

  it('is down while the read models are still starting (no reader yet), with their progress', async () => {
    const { readiness, readSide } = readinessOver(journalReader(undefined), [status('journal', '5')]);
    readSide.reader.mockImplementation(() => {
      throw new Error('not started');
    });
    const result = await readiness.check(new HealthIndicatorService());
    expect(result['projections']).toMatchObject({ status: 'down', message: 'read models starting', progress: { journal: { lag: '5' } } });
  });

  it('reads each projection once per call: the statuses once and the journal totals row once (no list, no as-of read)', async () => {
    const reader = journalReader({ debit: 0n, credit: 0n, unbalanced: 0n });
    const { readiness, all } = readinessOver(reader, [status('journal')]);
    await readiness.check(new HealthIndicatorService());
    expect(all).toHaveBeenCalledTimes(1);
    expect(reader.current).toHaveBeenCalledTimes(1);
    expect(reader.current).toHaveBeenCalledWith('totals', { scope: 'all' });
  });
});
