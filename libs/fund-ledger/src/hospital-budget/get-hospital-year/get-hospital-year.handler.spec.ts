import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { DomainError } from '@ledger/kernel';
import { budgetStreamName, type HospitalBudgetEvent } from '../hospital-budget.events';
import { BEFORE_YEAR, KEY, history, prepay, prepaymentDay, setQuota } from '../test/hospital-budget.fixtures';
import { GetHospitalYearEventsHandler } from '../get-hospital-year-events/get-hospital-year-events.handler';
import { GetHospitalYearEventsQuery } from '../get-hospital-year-events/get-hospital-year-events.query';
import { GetHospitalYearHandler } from './get-hospital-year.handler';
import { GetHospitalYearQuery } from './get-hospital-year.query';
import { HOSPITAL_YEAR_NOT_FOUND } from './hospital-year-not-found';

describe('GetHospitalYear / GetHospitalYearEvents (the write model’s reads of a hospital-year)', () => {
  let dir: string;
  let store: SqliteEventStore;
  const stream = budgetStreamName(KEY.fundId, KEY.payeeId, KEY.year);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-hospital-year-'));
    store = SqliteEventStore.open({ path: join(dir, 'ledger.db') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The quota and three prepayments, one append each; the positions of the four events. */
  async function seed(): Promise<bigint[]> {
    const events: HospitalBudgetEvent[] = history([
      [setQuota('36000000.00'), BEFORE_YEAR],
      [prepay(1), prepaymentDay(1)],
      [prepay(2), prepaymentDay(2)],
      [prepay(3), prepaymentDay(3)],
    ]);
    const positions: bigint[] = [];
    for (const [revision, event] of events.entries()) {
      const data = JSON.parse(JSON.stringify(event.data)) as JsonObject;
      const result = await store.append(stream, [{ id: randomUUID(), type: event.type, data, metadata: {} }], revision === 0 ? 'no_stream' : BigInt(revision - 1));
      positions.push(result.position);
    }
    return positions;
  }

  it('folds the stream live, and again as of a past position (only the events up to it)', async () => {
    const positions = await seed();
    const handler = new GetHospitalYearHandler(store);

    const live = await handler.execute(new GetHospitalYearQuery(KEY.fundId, KEY.payeeId, KEY.year, null));
    expect(live).toMatchObject({ stream, revision: '3', position: positions[3]!.toString(), asOfPosition: null, closed: false });
    expect(live.prepayments).toMatchObject({ months: [1, 2, 3], grossYuan: '9000000.00', withheldDepositYuan: '900000.00' });

    const past = await handler.execute(new GetHospitalYearQuery(KEY.fundId, KEY.payeeId, KEY.year, positions[1]!));
    expect(past).toMatchObject({ revision: '1', position: positions[1]!.toString(), asOfPosition: positions[1]!.toString() });
    expect(past.prepayments).toMatchObject({ months: [1], grossYuan: '3000000.00', withheldDepositYuan: '300000.00' });
  });

  it('answers HOSPITAL_YEAR_NOT_FOUND (a not_found DomainError on payeeId) without events, or before the first', async () => {
    const handler = new GetHospitalYearHandler(store);
    const missing = handler.execute(new GetHospitalYearQuery(KEY.fundId, KEY.payeeId, KEY.year, null));
    await expect(missing).rejects.toBeInstanceOf(DomainError);
    await expect(missing).rejects.toMatchObject({ kind: 'not_found', code: HOSPITAL_YEAR_NOT_FOUND, field: 'payeeId' });

    const positions = await seed();
    const before = handler.execute(new GetHospitalYearQuery(KEY.fundId, KEY.payeeId, KEY.year, positions[0]! - 1n));
    await expect(before).rejects.toMatchObject({ code: HOSPITAL_YEAR_NOT_FOUND, message: expect.stringContaining(`at or before position ${positions[0]! - 1n}`) });
  });

  it('pages the events with their metadata; an empty first page is not found, a page past the end is empty', async () => {
    await seed();
    const handler = new GetHospitalYearEventsHandler(store);
    const first = await handler.execute(new GetHospitalYearEventsQuery(KEY.fundId, KEY.payeeId, KEY.year, 0n, 3));
    expect(first.events.map((e) => e.type)).toEqual(['QuotaSet', 'PrepaymentDisbursed', 'PrepaymentDisbursed']);
    expect(first.nextFromRevision).toBe('3');
    const rest = await handler.execute(new GetHospitalYearEventsQuery(KEY.fundId, KEY.payeeId, KEY.year, 3n, 3));
    expect(rest.events.map((e) => e.revision)).toEqual(['3']);
    expect(rest.nextFromRevision).toBeNull();
    expect((await handler.execute(new GetHospitalYearEventsQuery(KEY.fundId, KEY.payeeId, KEY.year, 9n, 3))).events).toEqual([]);
    await expect(handler.execute(new GetHospitalYearEventsQuery(KEY.fundId, 'H-NONE', KEY.year, 0n, 3))).rejects.toMatchObject({
      code: HOSPITAL_YEAR_NOT_FOUND,
    });
  });
});
