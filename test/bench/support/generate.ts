import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { JsonObject, NewEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import {
  hospitalBudgetDecider,
  type HospitalBudgetCommand,
  type HospitalBudgetState,
} from '@ledger/fund-ledger/hospital-budget';
import { budgetStreamName } from '@ledger/fund-ledger/hospital-budget/hospital-budget.events';
import { POLICY, on } from '../../../libs/fund-ledger/src/hospital-budget/test/hospital-budget.fixtures';
import { fundDecider } from '@ledger/fund-ledger/registry/registry.decider';
import { fundStream } from '@ledger/fund-ledger/registry/registry.events';
import { pipelineMetadata } from './domain';

/** Bump when the generated history changes: cached stores of another version are rebuilt. */
const GENERATOR_VERSION = 3;
export const CACHE_DIR = join(__dirname, '..', '.cache');
const FUND_TOKEN = 'ZZFUNDZZ';
const PAYEE_TOKEN = 'ZZPAYEEZZ';
export const YEARS = [2023, 2024, 2025];
export const HOSPITALS = 2_000;
const VARIANTS = 4;
const pad2 = (n: number) => String(n).padStart(2, '0');
const yuan = (n: number) => n.toFixed(2);

interface TemplateEvent {
  type: string;
  /** JSON of the data with the fund and payee tokens, replaced per clone. */
  json: string;
  effectiveDate: string;
  recordedAt: string;
}

/**
 * One hospital-year decided by the real hospital-budget decider: quota, 12 prepayments, 12 monthly
 * settlements, a score and the year-end settlement; variants add a clawback and its partial recovery,
 * liquidated damages and a fine (about 27-31 events).
 */
function template(year: number, variant: number): TemplateEvent[] {
  const key = { fundId: FUND_TOKEN, payeeId: PAYEE_TOKEN, year };
  const agreement = { status: 'active' as const, validFrom: `${year}-01-01`, validTo: `${year}-12-31` };
  const quota = [36_000_000, 24_000_000, 48_000_000, 12_000_000][variant]!;
  const claimFactor = [0.9, 1.05, 1.15, 0.97][variant]!;
  const steps: Array<[HospitalBudgetCommand, string]> = [];
  steps.push([{ type: 'SetQuota', ...key, quotaYuan: yuan(quota), method: 'manual' }, `${year - 1}-12-15`]);
  for (let month = 1; month <= 12; month += 1) {
    steps.push([
      {
        type: 'DisbursePrepayment',
        ...key,
        month,
        grossYuan: yuan(Math.round((quota / 12) * 0.8)),
        agreement,
        policy: POLICY,
      },
      `${year}-${pad2(month)}-01`,
    ]);
    const claimed = Math.round((quota / 12) * claimFactor * (0.95 + ((month * 7 + variant * 3) % 10) / 100));
    const settleOn = month === 12 ? `${year + 1}-01-10` : `${year}-${pad2(month + 1)}-10`;
    steps.push([
      {
        type: 'PostMonthlySettlement',
        ...key,
        month,
        claimedYuan: yuan(claimed),
        refusals: [],
        agreement,
        policy: POLICY,
      },
      settleOn,
    ]);
    if (month === 6 && (variant === 1 || variant === 3)) {
      steps.push([
        {
          type: 'AssessClawback',
          ...key,
          receivableId: `CB-${PAYEE_TOKEN}-${year}`,
          amountYuan: '50000.00',
          serviceYear: year,
          caseRef: 'case-1',
          reason: 'readmission within 28 days',
          serviceYearClosed: false,
        },
        `${year}-07-15`,
      ]);
    }
    if (month === 6 && (variant === 1 || variant === 3)) {
      steps.push([{ type: 'RecoverReceivable', ...key, amountYuan: '20000.00', method: 'repayment' }, `${year}-07-20`]);
    }
    if (month === 7 && (variant === 2 || variant === 3)) {
      steps.push([
        {
          type: 'AssessLiquidatedDamages',
          ...key,
          receivableId: `LD-${PAYEE_TOKEN}-${year}`,
          baseYuan: '10000.00',
          multiplier: '2',
          ruleId: 'R-ENF-5',
          caseRef: 'insp-1',
          reason: 'breach of the service agreement',
        },
        `${year}-08-20`,
      ]);
      steps.push([
        {
          type: 'ImposeFine',
          ...key,
          fineId: `F-${PAYEE_TOKEN}-${year}`,
          baseYuan: '5000.00',
          multiplier: '1.5',
          ruleId: 'R-ENF-1',
          caseRef: 'fraud-1',
          decisionRef: 'decision-1',
        },
        `${year}-08-21`,
      ]);
    }
  }
  steps.push([{ type: 'RecordAssessmentScore', ...key, scorePoints: String(82 + variant * 3) }, `${year}-11-25`]);
  steps.push([{ type: 'SettleYearEnd', ...key, policy: POLICY }, `${year + 1}-01-20`]);
  let state: HospitalBudgetState = hospitalBudgetDecider.initialState();
  const events: TemplateEvent[] = [];
  for (const [command, date] of steps) {
    const context = on(date);
    let decided;
    try {
      decided = hospitalBudgetDecider.decide(command, state, context);
    } catch {
      continue; // refused, as it would be in production (e.g. a prepayment above the quota's cash cap)
    }
    for (const event of decided) {
      state = hospitalBudgetDecider.evolve(state, event);
      events.push({ type: event.type, json: JSON.stringify(event.data), effectiveDate: date, recordedAt: context.now });
    }
  }
  return events;
}

export interface ReplayStoreInfo {
  path: string;
  events: number;
  streams: string[];
  generatedNow: boolean;
  seconds: number;
}

/**
 * The replay store for `target` events, cached under test/bench/.cache keyed by size and generator
 * version. Hospital-years are (fund, year, hospital), hospitals varying fastest, until the target is
 * reached. Each hospital-year is written in four chunks, round-robin over the hospitals of its year, so
 * streams interleave in the log roughly as months do; hash chains come from the store's own append.
 */
export async function replayStore(target: number, log: (line: string) => void): Promise<ReplayStoreInfo> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const path = join(CACHE_DIR, `replay-v${GENERATOR_VERSION}-${target}.db`);
  const streams: string[] = [];
  const templates = YEARS.map((year) => Array.from({ length: VARIANTS }, (_, v) => template(year, v)));
  const perYear = templates.map((t) => t.reduce((n, v) => n + v.length, 0) / VARIANTS);
  // Plan: which hospital-years exist (deterministic, so a cached file's streams are known without reading it).
  const plan: Array<{ fund: string; year: number; yearIndex: number; hospital: number }> = [];
  let planned = 0;
  const funds: string[] = [];
  for (let f = 0; planned < target; f += 1) {
    const fund = `FUND${f + 1}`;
    funds.push(fund);
    for (let y = 0; y < YEARS.length && planned < target; y += 1) {
      for (let h = 0; h < HOSPITALS && planned < target; h += 1) {
        plan.push({ fund, year: YEARS[y]!, yearIndex: y, hospital: h });
        planned += templates[y]![h % VARIANTS]!.length;
      }
    }
  }
  for (const p of plan) streams.push(budgetStreamName(p.fund, hospitalId(p.hospital), p.year));
  const t0 = Date.now();
  if (existsSync(path)) return { path, events: planned + funds.length, streams, generatedNow: false, seconds: 0 };
  log(
    `B6 generating ${planned} events (${plan.length} hospital-years, templates of ~${perYear.map((n) => n.toFixed(0)).join('/')} events) into ${path}`,
  );
  const temporary = `${path}.partial`;
  rmSync(temporary, { force: true });
  rmSync(`${temporary}-wal`, { force: true });
  rmSync(`${temporary}-shm`, { force: true });
  const store = SqliteEventStore.open({ path: temporary, synchronous: 'NORMAL', maxAppendsPerCommit: 512 });
  try {
    for (const fund of funds) {
      const [registered] = fundDecider.decide(
        {
          type: 'RegisterFund',
          data: { fundId: fund, name: `${fund} 统筹基金`, kind: 'employee_pooled', poolingRegion: '泉州市' },
        },
        fundDecider.initialState(),
        on('2022-12-01'),
      );
      await store.append(
        fundStream(fund),
        [toNew(registered!.type, JSON.stringify(registered!.data), '2022-12-01', '2022-12-01T09:00:00.000Z')],
        'no_stream',
      );
    }
    const revisions = new Map<string, bigint>();
    let written = 0;
    // Group by (year, fund): chunk c of every hospital of that year, then chunk c+1. Year-major, so the
    // log runs forward in business time as a real one does.
    const groups = new Map<string, typeof plan>();
    for (const p of [...plan].sort((a, b) => a.year - b.year)) {
      const k = `${p.year}|${p.fund}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k)!.push(p);
    }
    for (const members of groups.values()) {
      for (let chunk = 0; chunk < 4; chunk += 1) {
        const appends: Array<Promise<unknown>> = [];
        for (const p of members) {
          const events = templates[p.yearIndex]![p.hospital % VARIANTS]!;
          const size = Math.ceil(events.length / 4);
          const slice = events.slice(chunk * size, (chunk + 1) * size);
          if (slice.length === 0) continue;
          const payee = hospitalId(p.hospital);
          const stream = budgetStreamName(p.fund, payee, p.year);
          const expected = revisions.get(stream) ?? 'no_stream';
          const newEvents = slice.map((e, index) =>
            toNew(
              e.type,
              e.json.replaceAll(FUND_TOKEN, p.fund).replaceAll(PAYEE_TOKEN, payee),
              e.effectiveDate,
              recordedClock(written + index, planned),
            ),
          );
          appends.push(
            store.append(stream, newEvents, expected).then((r) => revisions.set(stream, r.nextExpectedRevision)),
          );
          written += slice.length;
          if (appends.length >= 512) await Promise.all(appends.splice(0));
        }
        await Promise.all(appends);
      }
      log(`B6 generated ${written} / ${planned} events`);
    }
  } finally {
    await store.close();
  }
  renameSync(temporary, path);
  rmSync(`${temporary}-wal`, { force: true });
  rmSync(`${temporary}-shm`, { force: true });
  return { path, events: planned + funds.length, streams, generatedNow: true, seconds: (Date.now() - t0) / 1000 };
}

/**
 * metadata.recordedAt is when an event was recorded: a clock that only moves forward, spread over the
 * simulated years in log order (the business date is effectiveDate). Stamping events with their
 * business dates instead made the recorded time jump back years at every fund boundary, which no
 * real log does and which as-of-date reads cannot shortcut.
 */
function recordedClock(index: number, planned: number): string {
  const spanMs = YEARS.length * 365 * 86_400_000;
  return new Date(Date.UTC(YEARS[0]!, 0, 1) + Math.floor((index * spanMs) / Math.max(planned, 1))).toISOString();
}

export const hospitalId = (index: number): string => `H${String(index + 1).padStart(5, '0')}`;

function toNew(type: string, dataJson: string, effectiveDate: string, recordedAt: string): NewEvent {
  const id = randomUUID();
  return {
    id,
    type,
    data: JSON.parse(dataJson) as JsonObject,
    metadata: pipelineMetadata(id, effectiveDate, recordedAt),
  };
}
