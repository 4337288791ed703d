import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { budgetStreamName } from '@ledger/fund-ledger/hospital-budget/hospital-budget.events';
import {
  history,
  on,
  prepay,
  prepaymentDay,
  setQuota,
  settle,
  settlementDay,
  BEFORE_YEAR,
  KEY,
} from '../../libs/fund-ledger/src/hospital-budget/test/hospital-budget.fixtures';

/** The metadata the command pipeline writes (the projections read effectiveDate and recordedAt from it). */
function metadata(effectiveDate: string, recordedAt: string): JsonObject {
  const commandId = randomUUID();
  return { actor: 'cli-spec', role: 'finance', commandId, correlationId: commandId, causationId: commandId, recordedAt, effectiveDate };
}

/**
 * A live store with `hospitals` hospital-years decided by the real hospital-budget decider (quota, one
 * prepayment, one settlement each): enough rows that the replay report's projections run into megabytes.
 */
export async function seedHospitals(path: string, hospitals: number): Promise<SqliteEventStore> {
  const steps = [
    [setQuota('36000000.00'), BEFORE_YEAR],
    [prepay(1), prepaymentDay(1)],
    [settle(1, '3150000.00'), settlementDay(1)],
  ] as const;
  const decided = history(steps.map(([command, context]) => [command, context]));
  const dates = [BEFORE_YEAR, prepaymentDay(1), settlementDay(1)];
  const template = decided.map((event, i) => ({ type: event.type, json: JSON.stringify(event.data), context: dates[Math.min(i, 2)] ?? on('2024-01-01') }));
  const store = SqliteEventStore.open({ path, synchronous: 'NORMAL' });
  const appends: Array<Promise<unknown>> = [];
  for (let h = 0; h < hospitals; h += 1) {
    const payeeId = `H${String(h).padStart(5, '0')}`;
    const events = template.map((t) => ({
      id: randomUUID(),
      type: t.type,
      data: JSON.parse(t.json.split(KEY.payeeId).join(payeeId)) as JsonObject,
      metadata: metadata(t.context.effectiveDate, t.context.now),
    }));
    appends.push(store.append(budgetStreamName(KEY.fundId, payeeId, KEY.year), events, 'no_stream'));
    if (appends.length >= 256) await Promise.all(appends.splice(0));
  }
  await Promise.all(appends);
  return store;
}
