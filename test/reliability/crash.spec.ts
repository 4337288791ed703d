import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LedgerClient,
  RELIABILITY_JWT_SECRET,
  seedFromEnv,
  seededRandom,
  sleep,
  describe as describeReply,
} from '../support/ledger-client';
import {
  acknowledged,
  budgetStream,
  checkBudgetChain,
  dec,
  dropSchema,
  eventsByCommand,
  fen,
  freshSchema,
  headPosition,
  liveAndReplayed,
  mustSend,
  openStore,
  prepayment,
  problemCode,
  projectionPaths,
  randomSalt,
  readWholeLog,
  settlement,
  setupCommands,
  streamEvents,
  type CommandAnswerBody,
  type PlannedCommand,
  type StoreLocation,
} from '../support/reliability-scenario';
import { ServiceProcess } from '../support/service-process';

/**
 * Issue 6, crash: 8 clients send prepayments and settlements, each with a commandId fixed up front,
 * while the service is killed with SIGKILL at random moments, 3 times, and restarted on the same store.
 * After each restart the clients resend, with the same id and body, everything that did not get a 2xx.
 * At the end every command is in the log exactly once, every acknowledged one where its answer said,
 * the projections equal a replay of the log (also after one more crash), the trial balance is zero and
 * every hash chain verifies.
 */
const FUND = 'CRASH-FUND';
const HOSPITALS = ['H1', 'H2', 'H3', 'H4'].map((payeeId) => ({ payeeId, quotaYuan: '80000000.00' }));
const CLIENTS = 8;
const KILLS = 3;
const MAX_ROUNDS = KILLS + 3; // the round after the last kill finishes everything; two spare, bounded
const MAX_ATTEMPTS_PER_ROUND = 20;

interface Tally {
  sent: number;
  acknowledged: Map<string, { body: CommandAnswerBody; round: number; attempts: number }>;
  /** 2xx with replayed=true: the command had committed before a crash but its answer was lost. */
  replayedAcks: number;
  /** Requests cut by a kill (refused or reset connection). */
  networkFailures: number;
  /** 409 CONCURRENCY_CONFLICT / 503 answers, resent in the same round. */
  retriedConflicts: number;
  unexpected: string[];
}

type StoreKind = 'sqlite' | 'postgres';

describe.each<StoreKind>(['sqlite', 'postgres'])('crash safety on %s: SIGKILL under load, restart, resend', (kind) => {
  let directory: string;
  let service: ServiceProcess | undefined;
  let schema: string | undefined;
  const databaseUrl = process.env['DATABASE_URL'] ?? '';

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), `ledger-crash-${kind}-`));
    if (kind === 'postgres') schema = freshSchema('rel_crash');
  });

  afterAll(async () => {
    await service?.kill('SIGKILL');
    if (schema) await dropSchema(databaseUrl, schema);
    rmSync(directory, { recursive: true, force: true });
  });

  it('loses no acknowledged command, duplicates none, and replays to the same figures', async () => {
    expect(kind === 'sqlite' || databaseUrl !== '').toBe(true); // the e2e global setup provides DATABASE_URL
    const seed = seedFromEnv();
    const random = seededRandom(seed);
    const salt = randomSalt();
    const location: StoreLocation =
      kind === 'sqlite' ? { kind, path: join(directory, 'ledger.db') } : { kind, url: databaseUrl, schema: schema! };
    const env: Record<string, string> = {
      LEDGER_JWT_SECRET: RELIABILITY_JWT_SECRET,
      LEDGER_LOG_LEVEL: 'warn',
      LEDGER_PROJECTIONS_PATH: join(directory, 'projections.db'),
      ...(location.kind === 'sqlite'
        ? { LEDGER_STORE: 'sqlite', LEDGER_SQLITE_PATH: location.path }
        : { LEDGER_STORE: 'postgres', LEDGER_DATABASE_URL: location.url, LEDGER_POSTGRES_SCHEMA: location.schema }),
    };
    const startedMs = Date.now();
    service = await ServiceProcess.start(env);
    const client = new LedgerClient(() => service!.url);

    // Setup (not under fire): a fund and 4 hospitals with agreements and quotas.
    const setup = setupCommands(salt, FUND, HOSPITALS);
    const setupAcks = new Map<string, CommandAnswerBody>();
    for (const command of setup) setupAcks.set(command.body.commandId, await mustSend(client, command));

    // The plan: client c works on hospital c % 4, prepayments (c < 4) or settlements (c >= 4), 12 months each.
    const grossOf = (c: number, m: number) =>
      `${1_000_000 + c * 1_234 + m * 17}.${String((c * 7 + m * 3) % 100).padStart(2, '0')}`;
    const claimOf = (c: number, m: number) =>
      `${900_000 + c * 1_111 + m * 29}.${String((c * 13 + m * 11) % 100).padStart(2, '0')}`;
    const plans: PlannedCommand[][] = Array.from({ length: CLIENTS }, (_, c) => {
      const payeeId = HOSPITALS[c % HOSPITALS.length]!.payeeId;
      return Array.from({ length: 12 }, (_, i) =>
        c < CLIENTS / 2
          ? prepayment(salt, FUND, payeeId, i + 1, grossOf(c, i + 1))
          : settlement(salt, FUND, payeeId, i + 1, claimOf(c, i + 1)),
      );
    });
    const all = plans.flat();
    const tally: Tally = {
      sent: 0,
      acknowledged: new Map(),
      replayedAcks: 0,
      networkFailures: 0,
      retriedConflicts: 0,
      unexpected: [],
    };
    const kills: Array<{ round: number; acksBeforeKill: number; cutRequests: number; delayMs: number }> = [];
    let onAck = (): void => undefined;

    const runClient = async (commands: PlannedCommand[], round: number): Promise<void> => {
      for (const command of commands) {
        const id = command.body.commandId;
        if (tally.acknowledged.has(id)) continue;
        for (let attempt = 1; ; attempt += 1) {
          if (attempt > MAX_ATTEMPTS_PER_ROUND) {
            tally.unexpected.push(
              `${command.label}: no 2xx after ${MAX_ATTEMPTS_PER_ROUND} attempts in round ${round}`,
            );
            return;
          }
          tally.sent += 1;
          const reply = await client.post<CommandAnswerBody>(command.path, command.body, command.role, {
            timeoutMs: 10_000,
          });
          if (reply.kind === 'network') {
            tally.networkFailures += 1;
            return; // the service is down: this client's round ends; the command is resent after the restart
          }
          const body = acknowledged(reply);
          if (body) {
            if (body.replayed) tally.replayedAcks += 1;
            tally.acknowledged.set(id, { body, round, attempts: attempt });
            onAck();
            break;
          }
          const code = problemCode(reply);
          if (
            (reply.status === 409 && code === 'CONCURRENCY_CONFLICT') ||
            (reply.status === 503 && /^STORE_(UNAVAILABLE|CONNECTION_LOST|TIMEOUT)$/.test(code ?? ''))
          ) {
            tally.retriedConflicts += 1;
            await sleep(5 + random() * 20);
            continue;
          }
          tally.unexpected.push(`${command.label}: ${describeReply(reply)}`);
          return;
        }
      }
    };

    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const pending = all.filter((c) => !tally.acknowledged.has(c.body.commandId)).length;
      if (pending === 0) break;
      if (round > 0) service = await ServiceProcess.start(env); // same store, same projections file
      const killThisRound = round < KILLS;
      let acksThisRound = 0;
      const networkBefore = tally.networkFailures;
      let killing: Promise<void> | undefined;
      let delayMs = 0;
      const kill = (): void => {
        if (killing) return;
        delayMs = Math.floor(random() * 15);
        const victim = service!;
        killing = sleep(delayMs).then(() => victim.kill('SIGKILL'));
      };
      // A random moment while commands are in flight: after 1..min(30, pending/3) acknowledgements and a
      // random 0..15 ms, or after a random 0.2..1 s, whichever comes first.
      const target = killThisRound
        ? 1 + Math.floor(random() * Math.max(1, Math.min(30, Math.floor(pending / 3))))
        : Infinity;
      onAck = () => {
        acksThisRound += 1;
        if (acksThisRound >= target) kill();
      };
      const fallback = killThisRound ? setTimeout(kill, 200 + random() * 800) : undefined;
      await Promise.all(plans.map((commands) => runClient(commands, round)));
      clearTimeout(fallback);
      if (killThisRound) {
        kill();
        await killing;
        kills.push({
          round,
          acksBeforeKill: acksThisRound,
          cutRequests: tally.networkFailures - networkBefore,
          delayMs,
        });
      }
      if (tally.unexpected.length > 0) break;
    }

    const summary = {
      seed,
      kills,
      commands: all.length,
      sent: tally.sent,
      acknowledged: tally.acknowledged.size,
      resent: tally.sent - all.length,
      replayedAfterCrash: tally.replayedAcks,
      cutByKill: tally.networkFailures,
      retriedConflicts: tally.retriedConflicts,
    };
    console.log(`crash/${kind}: ${JSON.stringify(summary)}`);
    expect(tally.unexpected).toEqual([]);
    expect(kills).toHaveLength(KILLS);
    expect(tally.acknowledged.size).toBe(all.length);
    // Kills landed while requests were in flight (the clients are sequential: one request each at a time).
    expect(tally.networkFailures).toBeGreaterThanOrEqual(KILLS);

    // The write model: each hospital-year's events follow from one another, and the totals are exact.
    const payees = HOSPITALS.map((h) => h.payeeId);
    for (const [index, payeeId] of payees.entries()) {
      const events = await streamEvents(client, budgetStream(FUND, payeeId));
      const { totals, problems } = checkBudgetChain(events);
      expect({ payeeId, problems }).toEqual({ payeeId, problems: [] });
      const planned = [...plans[index]!, ...plans[index + HOSPITALS.length]!];
      const sum = (field: 'grossYuan' | 'claimedYuan') =>
        fen(
          planned
            .filter((c) => c.body[field] !== undefined)
            .reduce((total, c) => total.plus(dec(c.body[field])), dec(0)),
        );
      expect({
        payeeId,
        gross: fen(totals.prepaidGross),
        claimed: fen(totals.claimed),
        months: events.length - 1,
      }).toEqual({
        payeeId,
        gross: sum('grossYuan'),
        claimed: sum('claimedYuan'),
        months: 24,
      });
    }

    // The projections equal a fresh replay of the log; the trial balance is zero; every chain verifies.
    const head = await headPosition(client);
    const paths = projectionPaths(FUND, payees);
    const before = await liveAndReplayed(client, paths, head);
    expect(before.live).toEqual(before.replayed);
    const trial = before.live['/journal/trial-balance'] as { ok: boolean; total: { balanceYuan: string } };
    expect(trial).toMatchObject({ ok: true, total: { balanceYuan: '0.00' } });
    const verify: { ok: boolean; eventsChecked: number } = await client.read('/audit/verify');
    expect(verify.ok).toBe(true);

    // One more crash: the projections restored from their snapshots and caught up answer the same.
    await service.kill('SIGKILL');
    service = await ServiceProcess.start(env);
    const after = await liveAndReplayed(client, paths, head);
    expect(after.live).toEqual(before.live);
    expect(after.replayed).toEqual(before.replayed);

    // Stop, then read the store itself: every command exactly once, where its acknowledgement said.
    await service.kill('SIGTERM');
    const { code } = await service.exited;
    expect(code).toBe(0);
    service = undefined;
    const store = await openStore(location);
    try {
      const log = await readWholeLog(store);
      expect(verify.eventsChecked).toBe(log.length);
      const byCommand = eventsByCommand(log);
      const expectedAcks = new Map<string, CommandAnswerBody>([
        ...setupAcks,
        ...[...tally.acknowledged].map(([id, a]) => [id, a.body] as const),
      ]);
      const mismatches: string[] = [];
      for (const [id, ack] of expectedAcks) {
        const stored = byCommand.get(id) ?? [];
        const storedView = stored.map((e) => `${e.id}@${e.position}`);
        const ackView = ack.events.map((e, i) => `${e.id}@${i === ack.events.length - 1 ? ack.position : '?'}`);
        const sameIds = stored.length === ack.events.length && stored.every((e, i) => e.id === ack.events[i]!.id);
        const samePosition = stored.length > 0 && stored[stored.length - 1]!.position.toString() === ack.position;
        if (!sameIds || !samePosition)
          mismatches.push(`${id}: stored ${storedView.join(',')} acknowledged ${ackView.join(',')}`);
      }
      expect(mismatches).toEqual([]);
      expect([...byCommand.keys()].filter((id) => !expectedAcks.has(id))).toEqual([]); // nothing else was written
      expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
      expect(log.length).toBe(setup.length + all.length); // one event per command here
    } finally {
      await store.close();
    }
    expect(Date.now() - startedMs).toBeLessThan(60_000);
  });
});
