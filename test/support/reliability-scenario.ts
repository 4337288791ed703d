import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Decimal } from '@ledger/money';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import {
  describe as describeReply,
  isProblem,
  sleep,
  type HttpReply,
  type LedgerClient,
  type Reply,
} from './ledger-client';

/**
 * Shared pieces of the reliability suite: a fixed command plan (every command has its commandId chosen
 * up front, so a retry is the same command), the setup of a fund with hospitals, an independent model of
 * the hospital-year arithmetic to check each stored event against its predecessors (a lost update shows
 * as a figure that does not follow from the events before it), and direct reads of the store.
 */

export const YEAR = 2026;
export const pad = (n: number): string => String(n).padStart(2, '0');
export const dec = (value: unknown): Decimal => new Decimal(String(value));
export const fen = (value: Decimal): string => value.toFixed(2);

/** A UUID derived from a label: the same label is the same command in every run of a test. */
export function commandIdFor(label: string, salt: string): string {
  const hex = createHash('sha256').update(`${salt}:${label}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const randomSalt = (): string => randomBytes(6).toString('hex');

export interface PlannedCommand {
  label: string;
  path: string;
  role: 'finance' | 'planner' | 'admin';
  body: Record<string, unknown> & { commandId: string };
}

export function plan(
  label: string,
  path: string,
  role: PlannedCommand['role'],
  body: Record<string, unknown>,
  salt: string,
): PlannedCommand {
  return { label, path, role, body: { commandId: commandIdFor(label, salt), ...body } };
}

export function prepayment(
  salt: string,
  fundId: string,
  payeeId: string,
  month: number,
  grossYuan: string,
  tag = '',
): PlannedCommand {
  return plan(
    `prepay:${fundId}:${payeeId}:${month}${tag}`,
    '/prepayments',
    'finance',
    {
      fundId,
      payeeId,
      year: YEAR,
      month,
      grossYuan,
      effectiveDate: `${YEAR}-${pad(month)}-01`,
    },
    salt,
  );
}

export function settlement(
  salt: string,
  fundId: string,
  payeeId: string,
  month: number,
  claimedYuan: string,
  tag = '',
): PlannedCommand {
  // A month is settled from the first day of the next month; December in January of the next year.
  const effectiveDate = month === 12 ? `${YEAR + 1}-01-05` : `${YEAR}-${pad(month + 1)}-05`;
  return plan(
    `settle:${fundId}:${payeeId}:${month}${tag}`,
    '/settlements',
    'finance',
    {
      fundId,
      payeeId,
      year: YEAR,
      month,
      claimedYuan,
      refusals: [],
      effectiveDate,
    },
    salt,
  );
}

export interface CommandAnswerBody {
  commandId: string;
  stream: string;
  position: string | null;
  events: Array<{ id: string; type: string; revision: string; data: Record<string, unknown> }>;
  replayed: boolean;
}

/** Sends a setup command, retrying a concurrency conflict or an unavailable store (bounded); must end 201. */
export async function mustSend(client: LedgerClient, command: PlannedCommand): Promise<CommandAnswerBody> {
  let last: Reply<unknown> | undefined;
  for (let attempt = 0; attempt < 10; attempt += 1) {
    last = await client.post<CommandAnswerBody>(command.path, command.body, command.role);
    if (last.kind === 'http' && last.status === 201) return last.body as CommandAnswerBody;
    if (last.kind === 'http' && last.status !== 409 && last.status !== 503) break;
    await sleep(50 * (attempt + 1));
  }
  throw new Error(`${command.path} ${JSON.stringify(command.body)} -> ${describeReply(last!)}`);
}

/** The commands that register a fund and hospitals with agreements and quotas for YEAR. */
export function setupCommands(
  salt: string,
  fundId: string,
  hospitals: Array<{ payeeId: string; quotaYuan: string }>,
): PlannedCommand[] {
  const commands = [
    plan(
      `fund:${fundId}`,
      '/funds',
      'finance',
      { fundId, name: `${fundId} 职工统筹基金`, kind: 'employee_pooled', poolingRegion: '泉州市' },
      salt,
    ),
  ];
  for (const h of hospitals) {
    commands.push(
      plan(
        `payee:${h.payeeId}`,
        '/payees',
        'finance',
        {
          payeeId: h.payeeId,
          name: `${h.payeeId} 医院`,
          type: 'hospital',
          level: 'secondary',
          class: 'general',
          region: '鲤城区',
        },
        salt,
      ),
      plan(
        `agreement:${fundId}:${h.payeeId}`,
        '/agreements',
        'finance',
        {
          payeeId: h.payeeId,
          fundId,
          agreementId: `AGR-${fundId}-${h.payeeId}`,
          validFrom: `${YEAR}-01-01`,
          validTo: `${YEAR}-12-31`,
        },
        salt,
      ),
      plan(
        `quota:${fundId}:${h.payeeId}`,
        '/quotas',
        'planner',
        {
          fundId,
          payeeId: h.payeeId,
          year: YEAR,
          quotaYuan: h.quotaYuan,
          method: 'manual',
          effectiveDate: `${YEAR - 1}-12-20`,
        },
        salt,
      ),
    );
  }
  return commands;
}

export async function setUp(
  client: LedgerClient,
  salt: string,
  fundId: string,
  hospitals: Array<{ payeeId: string; quotaYuan: string }>,
): Promise<string> {
  let position = '-1';
  for (const command of setupCommands(salt, fundId, hospitals))
    position = (await mustSend(client, command)).position ?? position;
  return position;
}

export const budgetStream = (fundId: string, payeeId: string): string => `budget-${fundId}.${payeeId}.${YEAR}`;

/** Every event of a stream through the auditor's endpoint, page by page (bounded). */
export async function streamEvents(client: LedgerClient, stream: string): Promise<AuditedEvent[]> {
  const events: AuditedEvent[] = [];
  let from: string | null = '0';
  for (let page = 0; page < 100 && from !== null; page += 1) {
    const body: { events: AuditedEvent[]; nextFromRevision: string | null } = await client.read(
      `/audit/streams/${encodeURIComponent(stream)}/events?fromRevision=${from}&limit=1000`,
    );
    events.push(...body.events);
    from = body.nextFromRevision;
  }
  return events;
}

export interface AuditedEvent {
  id: string;
  stream: string;
  revision: string;
  position: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface BudgetTotals {
  quota: Decimal;
  prepaidGross: Decimal;
  prepaidNet: Decimal;
  settlementPayable: Decimal;
  settlementCash: Decimal;
  deferred: Decimal;
  claimed: Decimal;
  prepaidMonths: number[];
  settledMonths: number[];
}

/**
 * Folds a hospital-year's events with the test's own model of 超总控 and checks every event's recorded
 * figures against the events before it: the "before" of each event must be the "after" of its
 * predecessors (a decision on a stale state would show here), a settlement's parts add up, the room is
 * never overrun. Returns the totals; `problems` lists every mismatch (empty when all is well).
 */
export function checkBudgetChain(events: Array<Pick<AuditedEvent, 'type' | 'data' | 'revision'>>): {
  totals: BudgetTotals;
  problems: string[];
} {
  const problems: string[] = [];
  const t: BudgetTotals = {
    quota: dec(0),
    prepaidGross: dec(0),
    prepaidNet: dec(0),
    settlementPayable: dec(0),
    settlementCash: dec(0),
    deferred: dec(0),
    claimed: dec(0),
    prepaidMonths: [],
    settledMonths: [],
  };
  let outstanding = dec(0);
  const expectEq = (where: string, actual: unknown, expected: Decimal): void => {
    if (!dec(actual).equals(expected)) problems.push(`${where}: recorded ${String(actual)}, expected ${fen(expected)}`);
  };
  events.forEach((event, index) => {
    const where = `revision ${event.revision} ${event.type}`;
    if (String(index) !== event.revision) problems.push(`${where}: revisions are not contiguous`);
    const d = event.data;
    switch (event.type) {
      case 'QuotaSet':
        t.quota = dec(d['currentQuotaYuan'] ?? d['quotaYuan']);
        break;
      case 'PrepaymentDisbursed': {
        const month = Number(d['month']);
        if (t.prepaidMonths.includes(month)) problems.push(`${where}: month ${month} prepaid twice`);
        t.prepaidMonths.push(month);
        const gross = dec(d['grossYuan']);
        expectEq(`${where} netYuan`, d['netYuan'], gross.minus(dec(d['withheldYuan'])));
        t.prepaidGross = t.prepaidGross.plus(gross);
        t.prepaidNet = t.prepaidNet.plus(dec(d['netYuan']));
        outstanding = outstanding.plus(gross);
        expectEq(`${where} quotaYuan`, d['quotaYuan'], t.quota);
        expectEq(`${where} prepaidGrossToDateYuan`, d['prepaidGrossToDateYuan'], t.prepaidGross);
        expectEq(`${where} paidTowardYearYuan`, d['paidTowardYearYuan'], t.prepaidGross.plus(t.settlementPayable));
        break;
      }
      case 'MonthlySettlementPosted': {
        const month = Number(d['month']);
        if (t.settledMonths.includes(month)) problems.push(`${where}: month ${month} settled twice`);
        t.settledMonths.push(month);
        const primary = dec(d['primaryApprovedYuan']);
        const offset = Decimal.min(primary, outstanding);
        const before = t.prepaidGross.plus(t.settlementPayable);
        const room = Decimal.max(0, t.quota.minus(before));
        const payable = Decimal.min(primary.minus(offset), room);
        expectEq(`${where} quotaYuan`, d['quotaYuan'], t.quota);
        expectEq(`${where} prepaidOffsetYuan`, d['prepaidOffsetYuan'], offset);
        expectEq(`${where} paidTowardYearBeforeYuan`, d['paidTowardYearBeforeYuan'], before);
        expectEq(`${where} roomYuan`, d['roomYuan'], room);
        expectEq(`${where} payableYuan`, d['payableYuan'], payable);
        expectEq(`${where} deferredYuan`, d['deferredYuan'], primary.minus(offset).minus(payable));
        const parts = dec(d['prepaidOffsetYuan'])
          .plus(dec(d['deferredYuan']))
          .plus(dec(d['receivableOffsetYuan']))
          .plus(dec(d['netPaymentYuan']));
        expectEq(`${where} parts`, fen(parts), primary);
        outstanding = outstanding.minus(offset);
        t.settlementPayable = t.settlementPayable.plus(payable);
        t.settlementCash = t.settlementCash.plus(dec(d['netPaymentYuan']));
        t.deferred = t.deferred.plus(dec(d['deferredYuan']));
        t.claimed = t.claimed.plus(dec(d['claimedYuan']));
        break;
      }
      default:
        problems.push(`${where}: unexpected event type in this scenario`);
    }
    // 超总控: cash toward the year never passes the quota, after any event.
    if (t.prepaidGross.plus(t.settlementPayable).gt(t.quota)) {
      problems.push(
        `${where}: prepaid ${fen(t.prepaidGross)} + payable ${fen(t.settlementPayable)} > quota ${fen(t.quota)}`,
      );
    }
  });
  return { totals: t, problems };
}

/** A 201 answer's body, or undefined. */
export const acknowledged = (reply: Reply<unknown>): CommandAnswerBody | undefined =>
  reply.kind === 'http' && reply.status >= 200 && reply.status < 300 ? (reply.body as CommandAnswerBody) : undefined;

/** The problem's code when the answer is a problem+json with a matching status field, else undefined. */
export function problemCode(reply: Reply<unknown>): string | undefined {
  if (!isProblem(reply)) return undefined;
  const body = (reply as HttpReply<{ code?: string; status?: number }>).body;
  return body.status === reply.status && typeof body.code === 'string' ? body.code : undefined;
}

// ---- the store, read directly (after the service stopped) -----------------------------------------

export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; schema: string };

export async function openStore(location: StoreLocation): Promise<EventStore> {
  return location.kind === 'sqlite'
    ? SqliteEventStore.open({ path: location.path })
    : PostgresEventStore.open({ connectionString: location.url, schema: location.schema, poolMax: 2 });
}

/** The whole global log, in position order (bounded: at most 100 pages of 1000). */
export async function readWholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let after: bigint | undefined;
  for (let page = 0; page < 100; page += 1) {
    const batch = await store.readAll({ after, limit: 1000 });
    events.push(...batch);
    if (batch.length < 1000) break;
    after = batch[batch.length - 1]!.position;
  }
  return events;
}

/** Events per metadata.commandId. */
export function eventsByCommand(events: RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byCommand = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const id = String(event.metadata['commandId'] ?? '');
    byCommand.set(id, [...(byCommand.get(id) ?? []), event]);
  }
  return byCommand;
}

/** A fresh, unique schema name (LEDGER_POSTGRES_SCHEMA) for one run. */
export const freshSchema = (prefix: string): string => `${prefix}_${randomBytes(5).toString('hex')}`;

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } catch {
    // best effort: the server is thrown away after the run anyway
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Reads through the projections that must be identical live (after waiting for `head`) and replayed
 * from the log (`asOf=head`). `asOf` differs by construction ("live" vs the position) and is dropped.
 */
export function projectionPaths(fundId: string, payeeIds: string[]): string[] {
  return [
    '/journal/trial-balance',
    `/journal/accounts?fundId=${fundId}`,
    `/hospital-budgets/summary?fundId=${fundId}&year=${YEAR}&limit=200`,
    `/fund-balances/${fundId}?year=${YEAR}`,
    `/over-budget-sharing?fundId=${fundId}&year=${YEAR}`,
    ...payeeIds.map((p) => `/hospital-budgets/${fundId}/${p}/${YEAR}/projection`),
  ];
}

export const withParam = (path: string, param: string): string => `${path}${path.includes('?') ? '&' : '?'}${param}`;

export const withoutAsOf = (body: Record<string, unknown>): Record<string, unknown> => {
  const { asOf: _asOf, ...rest } = body;
  return rest;
};

/** The head position as the service sees it (GET /projections reports it per projection). */
export async function headPosition(client: LedgerClient): Promise<string> {
  const body: { projections: Array<{ head: string }> } = await client.read('/projections');
  return body.projections
    .map((p) => BigInt(p.head))
    .reduce((a, b) => (a > b ? a : b), -1n)
    .toString();
}

/** Live reads (waiting for `head`) and as-of-head replays of every projection path. */
export async function liveAndReplayed(
  client: LedgerClient,
  paths: string[],
  head: string,
): Promise<{ live: Record<string, unknown>; replayed: Record<string, unknown> }> {
  const live: Record<string, unknown> = {};
  const replayed: Record<string, unknown> = {};
  for (const path of paths) {
    live[path] = withoutAsOf(await client.read(withParam(path, `minPosition=${head}&waitMs=10000`)));
    replayed[path] = withoutAsOf(await client.read(withParam(path, `asOf=${head}`)));
  }
  return { live, replayed };
}
