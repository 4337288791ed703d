import { HealthIndicatorService } from '@nestjs/terminus';
import type { LedgerConfig } from '@ledger/platform';
import type { ProjectionStatus } from '@ledger/projections';
import type { AccountTotals } from '../journal/journal.fold';
import { journalProjection, type JournalState } from './journal.projection';
import type { ProjectionRegistry } from './projection-registry';
import { ProjectionsReadiness } from './projections.readiness';

/** A Map that counts every walk over its entries (for..of, values, keys, entries, forEach). */
class CountingMap<K, V> extends Map<K, V> {
  walks = 0;
  override [Symbol.iterator](): MapIterator<[K, V]> {
    this.walks += 1;
    return super[Symbol.iterator]();
  }
  override entries(): MapIterator<[K, V]> {
    this.walks += 1;
    return super.entries();
  }
  override values(): MapIterator<V> {
    this.walks += 1;
    return super.values();
  }
  override keys(): MapIterator<K> {
    this.walks += 1;
    return super.keys();
  }
  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.walks += 1;
    super.forEach(callback, thisArg);
  }
}

const ACCOUNTS = 100_000;

/** A journal of 100k accounts (50k balanced pairs) restored as from a snapshot, then its accounts swapped for a counting map. */
function bigJournal(): { journal: JournalState; accounts: CountingMap<string, AccountTotals> } {
  const json = { lastPosition: '200000', entryCount: ACCOUNTS / 2, accounts: [] as Array<Record<string, string>> };
  for (let i = 0; i < ACCOUNTS / 2; i++) {
    const amount = `${i + 1}.00`;
    json.accounts.push({ fundId: 'F1', account: `F1:hospital:H${i}:payable`, debit: amount, credit: '0.00' });
    json.accounts.push({ fundId: 'F1', account: `F1:hospital:H${i}:prepaid`, debit: '0.00', credit: amount });
  }
  const restored = journalProjection.fromJson(json as never);
  const accounts = new CountingMap<string, AccountTotals>(restored.accounts);
  accounts.walks = 0;
  return { journal: { ...restored, accounts }, accounts };
}

function status(name: string, lagPositions = '0'): ProjectionStatus {
  return { name, version: 1, checkpoint: '200000', eventsApplied: 1, head: '200000', lagPositions, lagSeconds: 0, restarts: 0, running: true };
}

function readinessOver(journal: JournalState, statuses: ProjectionStatus[]) {
  const registry = {
    statuses: jest.fn(async () => statuses),
    read: jest.fn(async () => ({ state: journal, position: '200000', asOf: 'live' })),
  };
  const readiness = new ProjectionsReadiness(registry as unknown as ProjectionRegistry, { maxProjectionLagPositions: 10_000 } as LedgerConfig);
  return { readiness, registry };
}

describe('projections readiness (/health)', () => {
  it('answers for a journal of 100k accounts without walking them: the trial balance is a running total', async () => {
    const { journal, accounts } = bigJournal();
    const { readiness } = readinessOver(journal, [status('journal'), status('hospital-budgets')]);

    const result = await readiness.check(new HealthIndicatorService());

    expect(result).toEqual({
      projections: {
        status: 'up',
        trialBalance: '0.00',
        lag: { journal: { positions: '0', seconds: 0 }, 'hospital-budgets': { positions: '0', seconds: 0 } },
      },
    });
    expect(accounts.size).toBe(ACCOUNTS);
    expect(accounts.walks).toBe(0);
  });

  it('is down when the running totals do not balance (a restored snapshot whose accounts were altered)', async () => {
    const json = {
      lastPosition: '2',
      entryCount: 1,
      accounts: [
        { fundId: 'F1', account: 'F1:cash', debit: '100.00', credit: '0.00' },
        { fundId: 'F1', account: 'F1:income:other', debit: '0.00', credit: '99.00' },
      ],
    };
    const { readiness } = readinessOver(journalProjection.fromJson(json as never), [status('journal')]);
    const result = await readiness.check(new HealthIndicatorService());
    expect(result['projections']).toMatchObject({ status: 'down', trialBalance: '1.00', message: 'TRIAL BALANCE IS NOT ZERO' });
  });

  it('is down, naming the projection, when one lags beyond the configured bound', async () => {
    const { journal } = bigJournal();
    const { readiness } = readinessOver(journal, [status('journal'), status('fund-balances', '10001')]);
    const result = await readiness.check(new HealthIndicatorService());
    expect(result['projections']).toMatchObject({ status: 'down', message: 'behind: fund-balances' });
  });

  it('reads each projection once per call: one status each and the live journal (no fold, no as-of read)', async () => {
    const { journal } = bigJournal();
    const { readiness, registry } = readinessOver(journal, [status('journal')]);
    await readiness.check(new HealthIndicatorService());
    expect(registry.statuses).toHaveBeenCalledTimes(1);
    expect(registry.read).toHaveBeenCalledTimes(1);
    expect(registry.read).toHaveBeenCalledWith(journalProjection, {});
  });
});
