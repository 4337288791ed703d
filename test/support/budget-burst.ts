import { Decimal } from '@ledger/money';
import { isProblem, type LedgerClient, type Reply } from './ledger-client';
import {
  acknowledged,
  budgetStream,
  checkBudgetChain,
  dec,
  fen,
  mustSend,
  prepayment,
  problemCode,
  settlement,
  streamEvents,
  type CommandAnswerBody,
  type PlannedCommand,
} from './reliability-scenario';

/**
 * One hospital-year with the quota nearly used up, and 16 commands sent to it at once: 6 settlements
 * whose payable exceeds the cash room left, 6 prepayments of which only some fit, and 4 commands that
 * repeat a month (another commandId and amount) so only one of each pair can be accepted.
 *
 * Quota 2,000,000.00; before the burst months 1..6 are prepaid at 300,000.00 (room 200,000.00).
 */
export const BURST_QUOTA = '2000000.00';
const PREPAID_BEFORE = '300000.00';

export const ACCEPTABLE_REFUSALS = new Set([
  '422 QUOTA_EXCEEDED',
  '422 MONTH_ALREADY_PREPAID',
  '422 MONTH_ALREADY_SETTLED',
  '409 CONCURRENCY_CONFLICT',
]);

export async function prepareBurst(client: LedgerClient, salt: string, fundId: string, payeeId: string): Promise<void> {
  for (let month = 1; month <= 6; month += 1)
    await mustSend(client, prepayment(salt, fundId, payeeId, month, PREPAID_BEFORE));
}

export function burstCommands(salt: string, fundId: string, payeeId: string, variant: number): PlannedCommand[] {
  const cents = (n: number) => String((n * 37 + variant * 11) % 100).padStart(2, '0');
  return [
    ...[1, 2, 3, 4, 5, 6].map((m) =>
      settlement(salt, fundId, payeeId, m, `${350_000 + m * 1_111 + variant * 7}.${cents(m)}`),
    ),
    ...[7, 8, 9, 10, 11, 12].map((m) =>
      prepayment(salt, fundId, payeeId, m, `${45_000 + m * 101 + variant * 3}.${cents(m + 6)}`),
    ),
    settlement(salt, fundId, payeeId, 1, `${360_000 + variant}.01`, ':dup'),
    settlement(salt, fundId, payeeId, 2, `${370_000 + variant}.02`, ':dup'),
    prepayment(salt, fundId, payeeId, 7, `${46_000 + variant}.07`, ':dup'),
    prepayment(salt, fundId, payeeId, 8, `${47_000 + variant}.08`, ':dup'),
  ];
}

export interface BurstOutcome {
  command: PlannedCommand;
  reply: Reply<unknown>;
  /** Which client (instance) sent it. */
  via: number;
}

/** Sends every command at once; `clients[i % clients.length]` sends command i. */
export async function sendAtOnce(clients: LedgerClient[], commands: PlannedCommand[]): Promise<BurstOutcome[]> {
  return Promise.all(
    commands.map(async (command, i) => {
      const via = i % clients.length;
      return {
        command,
        via,
        reply: await clients[via]!.post<CommandAnswerBody>(command.path, command.body, command.role),
      };
    }),
  );
}

export const outcomeKey = (reply: Reply<unknown>): string =>
  reply.kind === 'network'
    ? `network ${reply.error}`
    : reply.status === 201
      ? '201'
      : `${reply.status} ${problemCode(reply) ?? 'NOT-A-PROBLEM'}`;

/**
 * Checks a burst: clean refusals only, the stream holds exactly the accepted commands, every event
 * follows from the ones before it, the quota is never overrun, and the totals are exact to the fen (the
 * sum of the accepted commands). Returns counts for the report, and the problems found.
 */
export async function checkBurst(
  client: LedgerClient,
  fundId: string,
  payeeId: string,
  outcomes: BurstOutcome[],
): Promise<{ accepted: number; refused: Record<string, number>; problems: string[] }> {
  const problems: string[] = [];
  const refused: Record<string, number> = {};
  const accepted = new Map<string, CommandAnswerBody>();
  for (const { command, reply } of outcomes) {
    const body = acknowledged(reply);
    if (body) {
      if (body.replayed) problems.push(`${command.label}: a first send answered replayed=true`);
      accepted.set(command.body.commandId, body);
      continue;
    }
    const key = outcomeKey(reply);
    refused[key] = (refused[key] ?? 0) + 1;
    if (!ACCEPTABLE_REFUSALS.has(key) || !isProblem(reply))
      problems.push(`${command.label}: refused as ${key}, not a clean 422/409 problem+json`);
  }

  const events = await streamEvents(client, budgetStream(fundId, payeeId));
  const { totals, problems: chain } = checkBudgetChain(events);
  problems.push(...chain);
  const burstIds = new Set(outcomes.map((o) => o.command.body.commandId));
  const storedBurst = events.filter((e) => burstIds.has(String(e.metadata['commandId'])));
  const storedIds = storedBurst.map((e) => String(e.metadata['commandId'])).sort();
  if (JSON.stringify(storedIds) !== JSON.stringify([...accepted.keys()].sort())) {
    problems.push(
      `stored commands ${storedIds.length} differ from accepted ${accepted.size} (a refused command was written, or an accepted one lost)`,
    );
  }
  for (const event of storedBurst) {
    const ack = accepted.get(String(event.metadata['commandId']));
    if (ack && (ack.events[0]?.id !== event.id || ack.position !== event.position))
      problems.push(`${event.id}: stored at ${event.position}, acknowledged at ${ack.position}`);
  }

  // Exact to the fen: the totals are the setup plus the sum of the accepted commands' own figures.
  const acceptedCommands = outcomes.filter((o) => accepted.has(o.command.body.commandId)).map((o) => o.command);
  const sumOf = (items: Decimal[]) => items.reduce((a, b) => a.plus(b), dec(0));
  const expectedGross = dec(PREPAID_BEFORE)
    .times(6)
    .plus(sumOf(acceptedCommands.filter((c) => c.path === '/prepayments').map((c) => dec(c.body['grossYuan']))));
  const expectedClaimed = sumOf(
    acceptedCommands.filter((c) => c.path === '/settlements').map((c) => dec(c.body['claimedYuan'])),
  );
  const expectedPayable = sumOf(
    [...accepted.values()]
      .filter((a) => a.events[0]?.type === 'MonthlySettlementPosted')
      .map((a) => dec(a.events[0]!.data['payableYuan'])),
  );
  if (!totals.prepaidGross.equals(expectedGross))
    problems.push(`prepaid gross ${fen(totals.prepaidGross)} != ${fen(expectedGross)}`);
  if (!totals.claimed.equals(expectedClaimed))
    problems.push(`claimed ${fen(totals.claimed)} != ${fen(expectedClaimed)}`);
  if (!totals.settlementPayable.equals(expectedPayable))
    problems.push(`payable ${fen(totals.settlementPayable)} != ${fen(expectedPayable)}`);
  const used = totals.prepaidGross.plus(totals.settlementPayable);
  if (used.gt(dec(BURST_QUOTA))) problems.push(`quota overrun: ${fen(used)} > ${BURST_QUOTA}`);

  // The write model's view says the same, to the fen.
  const view: {
    quota: { finalYuan: string; cashRoomYuan: string };
    prepayments: { grossYuan: string; netYuan: string; months: number[] };
    settlements: { claimedYuan: string; payableYuan: string; netPaymentsYuan: string; deferredPayableYuan: string; months: number[] };
  } = await client.read(`/hospital-budgets/${fundId}/${payeeId}/2026`);
  const expectedView = {
    quota: { finalYuan: BURST_QUOTA, cashRoomYuan: fen(Decimal.max(0, dec(BURST_QUOTA).minus(used))) },
    prepayments: {
      grossYuan: fen(expectedGross),
      netYuan: fen(totals.prepaidNet),
      months: [...totals.prepaidMonths].sort((a, b) => a - b),
    },
    settlements: {
      claimedYuan: fen(expectedClaimed),
      payableYuan: fen(expectedPayable),
      netPaymentsYuan: fen(totals.settlementCash),
      deferredPayableYuan: fen(totals.deferred),
      months: [...totals.settledMonths].sort((a, b) => a - b),
    },
  };
  const actualView = {
    quota: { finalYuan: view.quota.finalYuan, cashRoomYuan: view.quota.cashRoomYuan },
    prepayments: {
      grossYuan: view.prepayments.grossYuan,
      netYuan: view.prepayments.netYuan,
      months: view.prepayments.months,
    },
    settlements: {
      claimedYuan: view.settlements.claimedYuan,
      payableYuan: view.settlements.payableYuan,
      netPaymentsYuan: view.settlements.netPaymentsYuan,
      deferredPayableYuan: view.settlements.deferredPayableYuan,
      months: view.settlements.months,
    },
  };
  if (JSON.stringify(actualView) !== JSON.stringify(expectedView))
    problems.push(`view ${JSON.stringify(actualView)} != expected ${JSON.stringify(expectedView)}`);

  // A prepayment refused for the quota could not have fitted even in the room left at the end.
  const room = dec(BURST_QUOTA).minus(used);
  for (const { command, reply } of outcomes) {
    if (outcomeKey(reply) === '422 QUOTA_EXCEEDED' && dec(command.body['grossYuan']).lte(room)) {
      problems.push(
        `${command.label}: refused QUOTA_EXCEEDED for ${String(command.body['grossYuan'])} although ${fen(room)} is still free`,
      );
    }
  }
  return { accepted: accepted.size, refused, problems };
}
