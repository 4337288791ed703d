import { randomUUID } from 'node:crypto';
import type { JsonObject, NewEvent } from '@ledger/event-store';
import type { CommandEnvelope } from '@ledger/platform';
import {
  history,
  prepay,
  setQuota,
  settle,
  prepaymentDay,
  settlementDay,
  BEFORE_YEAR,
} from '../../../libs/fund-ledger/src/hospital-budget/test/hospital-budget.fixtures';

/**
 * A realistic single event for the append benchmarks: a monthly settlement decided by the real decider
 * (about 1.5 KB of JSON with its postings), with the metadata the command pipeline writes.
 */
export function sampleSettlement(): { type: string; data: JsonObject } {
  const events = history([
    [setQuota('36000000.00'), BEFORE_YEAR],
    [prepay(1), prepaymentDay(1)],
    [settle(1, '3150000.00'), settlementDay(1)],
  ]);
  const settlement = events.find((e) => e.type === 'MonthlySettlementPosted')!;
  return { type: settlement.type, data: JSON.parse(JSON.stringify(settlement.data)) as JsonObject };
}

export function pipelineMetadata(
  commandId: string,
  effectiveDate: string,
  recordedAt = new Date().toISOString(),
): JsonObject {
  return {
    actor: 'bench',
    role: 'finance',
    commandId,
    correlationId: commandId,
    causationId: commandId,
    recordedAt,
    effectiveDate,
    bodyHash: '0'.repeat(64),
    schemaVersion: 1,
  };
}

export function benchEvent(sample: { type: string; data: JsonObject }): NewEvent {
  const id = randomUUID();
  return { id, type: sample.type, data: sample.data, metadata: pipelineMetadata(id, '2024-02-10') };
}

export function benchEnvelope(
  body: JsonObject,
  effectiveDate: string,
  role: 'finance' | 'planner' | 'admin' = 'finance',
): CommandEnvelope {
  const commandId = randomUUID();
  return {
    commandId,
    principal: { actor: 'bench', role },
    correlationId: commandId,
    causationId: commandId,
    effectiveDate,
    recordedAt: new Date().toISOString(),
    body,
  };
}
