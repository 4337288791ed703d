import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  LedgerClient,
  RELIABILITY_JWT_SECRET,
  isProblem,
  sleep,
  describe as describeReply,
  type Reply,
} from '../support/ledger-client';
import {
  acknowledged,
  eventsByCommand,
  headPosition,
  liveAndReplayed,
  openStore,
  plan,
  prepayment,
  problemCode,
  projectionPaths,
  randomSalt,
  readWholeLog,
  setUp,
  type CommandAnswerBody,
  type PlannedCommand,
} from '../support/reliability-scenario';
import { startRestartablePostgres, type RestartablePostgres } from '../support/restartable-postgres';
import { ServiceProcess } from '../support/service-process';

/** The codes of a store that cannot be reached: the generic one, or the PostgreSQL fault that says why. */
const STORE_DOWN_CODES = /^(STORE_UNAVAILABLE|STORE_CONNECTION_LOST|STORE_TIMEOUT)$/;

/**
 * Issue 6, store outage (PostgreSQL): the service runs under a light load on a dedicated server; the
 * server is stopped (immediate shutdown, like a crash); the API must answer 503 (STORE_CONNECTION_LOST or STORE_UNAVAILABLE) with
 * Retry-After as problem+json (and /health 503), write nothing half way, and recover by itself once the
 * server is back on the same data directory and port: no restart of the service, nothing acknowledged
 * lost, the projections caught up.
 */
const FUND = 'OUT-FUND';
const SCHEMA = 'outage';
const OUTAGE_MS = 2_500;
const RECOVERY_BOUND_MS = 30_000;
const LOAD_CLIENTS = 2;
const MAX_LOAD_COMMANDS = 2_000;

interface Sent {
  command: PlannedCommand;
  replies: Array<Reply<unknown> & { phase: Phase; sentAt: number; doneAt: number }>;
}

type Phase = 'before' | 'outage' | 'recovering' | 'after';

describe('PostgreSQL outage: 503 while down, self-recovery when it is back', () => {
  let pg: RestartablePostgres;
  let service: ServiceProcess | undefined;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ledger-outage-'));
    pg = await startRestartablePostgres();
  });

  afterAll(async () => {
    await service?.kill('SIGKILL');
    await pg?.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while the store is down, writes nothing half way, recovers without a restart', async () => {
    const salt = randomSalt();
    service = await ServiceProcess.start({
      LEDGER_STORE: 'postgres',
      LEDGER_DATABASE_URL: pg.url,
      LEDGER_POSTGRES_SCHEMA: SCHEMA,
      LEDGER_JWT_SECRET: RELIABILITY_JWT_SECRET,
      LEDGER_LOG_LEVEL: 'warn',
      LEDGER_PROJECTIONS_PATH: join(directory, 'projections.db'),
    });
    const client = new LedgerClient(service.url);
    await setUp(client, salt, FUND, [{ payeeId: 'OH1', quotaYuan: '50000000.00' }]);

    // Light load: each client registers payees one after another, 20 ms apart.
    let phase: Phase = 'before';
    let stopLoad = false;
    const sent: Sent[] = [];
    let counter = 0;
    const loadClient = async (c: number): Promise<void> => {
      while (!stopLoad && counter < MAX_LOAD_COMMANDS) {
        counter += 1;
        const command = plan(
          `load:${c}:${counter}`,
          '/payees',
          'finance',
          {
            payeeId: `OUT-P-${c}-${counter}`,
            name: `负载 ${counter}`,
            type: 'hospital',
            level: 'primary',
            class: 'general',
            region: '丰泽区',
          },
          salt,
        );
        const record: Sent = { command, replies: [] };
        sent.push(record);
        const at = phase;
        const sentAt = Date.now();
        const reply = await client.post(command.path, command.body, command.role, { timeoutMs: 15_000 });
        record.replies.push({ ...reply, phase: at, sentAt, doneAt: Date.now() });
        await sleep(20);
      }
    };
    const load = Promise.all(Array.from({ length: LOAD_CLIENTS }, (_, c) => loadClient(c)));
    await sleep(600);

    const recoveries: Array<{ mode: string; recoveryMs: number }> = [];
    /** While the store is surely up: from the start (or a recovery) to the next stop. */
    const healthyWindows: Array<[number, number]> = [];
    let healthySince = 0;
    const probes: Array<{ command: PlannedCommand; reply: Reply<unknown> }> = [];
    for (const [cycle, mode] of (['immediate', 'fast'] as const).entries()) {
      // ---- the server goes down ------------------------------------------------------------------------
      phase = 'outage';
      const downAt = Date.now();
      healthyWindows.push([healthySince, downAt]);
      await pg.stop(mode);
      // During the outage: a command, a write-model read and an audit read answer 503 with Retry-After.
      const probePrepayment = prepayment(salt, FUND, 'OH1', cycle + 1, '100000.00');
      let outageReplies: Array<{ what: string; reply: Reply<unknown> }> = [];
      for (let i = 0; i < 50; i += 1) {
        outageReplies = [
          {
            what: 'POST /prepayments',
            reply: await client.post(probePrepayment.path, probePrepayment.body, 'finance'),
          },
          {
            what: 'GET /hospital-budgets/:fund/:payee/:year',
            reply: await client.get(`/hospital-budgets/${FUND}/OH1/2026`),
          },
          { what: 'GET /audit/streams/:stream/events', reply: await client.get(`/audit/streams/fund-${FUND}/events`) },
        ];
        if (outageReplies.every(({ reply }) => reply.kind === 'http' && reply.status === 503)) break;
        await sleep(100);
      }
      for (const { what, reply } of outageReplies) {
        expect({ what, status: reply.kind === 'http' ? reply.status : reply.error, code: problemCode(reply) }).toEqual({
          what,
          status: 503,
          code: expect.stringMatching(STORE_DOWN_CODES),
        });
        expect({ what, retryAfter: reply.kind === 'http' ? reply.headers['retry-after'] : undefined }).toEqual({
          what,
          retryAfter: expect.stringMatching(/^\d+$/),
        });
        expect(reply.ms).toBeLessThan(5_000); // answered promptly, not hung on the dead server
      }
      const health = await client.get('/health', null);
      expect(health.kind === 'http' && health.status).toBe(503);
      await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));

      // ---- the server comes back on the same data directory and port -----------------------------------
      phase = 'recovering';
      await pg.start();
      const upAt = Date.now();
      let recovered: CommandAnswerBody | undefined;
      let lastProbe: Reply<unknown> | undefined;
      while (!recovered && Date.now() - upAt < RECOVERY_BOUND_MS) {
        lastProbe = await client.post(probePrepayment.path, probePrepayment.body, 'finance');
        recovered = acknowledged(lastProbe);
        if (!recovered) await sleep(200);
      }
      const recoveryMs = Date.now() - upAt;
      expect({ mode, recovered: !!recovered, last: recovered ? '' : describeReply(lastProbe!) }).toEqual({
        mode,
        recovered: true,
        last: '',
      });
      recoveries.push({ mode, recoveryMs });
      probes.push({ command: probePrepayment, reply: lastProbe! });
      let healthy = false;
      for (const until = Date.now() + RECOVERY_BOUND_MS; !healthy && Date.now() < until; await sleep(200)) {
        const answer = await client.get('/health', null);
        healthy = answer.kind === 'http' && answer.status === 200;
      }
      expect(healthy).toBe(true);
      phase = 'after';
      healthySince = Date.now();
      await sleep(800);
    }
    stopLoad = true;
    await load;
    healthyWindows.push([healthySince, Date.now()]);

    // Every answer of the load was a 201 or a clean 503 (the store is down) with Retry-After; nothing else.
    const unclean: string[] = [];
    for (const { command, replies } of sent) {
      for (const reply of replies) {
        const ok = acknowledged(reply) !== undefined;
        const clean503 =
          reply.kind === 'http' &&
          reply.status === 503 &&
          STORE_DOWN_CODES.test(problemCode(reply) ?? '') &&
          isProblem(reply) &&
          /^\d+$/.test(reply.headers['retry-after'] ?? '');
        if (!ok && !clean503) unclean.push(`${command.label} (${reply.phase}): ${describeReply(reply)}`);
      }
    }
    expect(unclean).toEqual([]);
    const byPhase = (p: Phase) => sent.flatMap((s) => s.replies.filter((r) => r.phase === p));
    const acksIn = (p: Phase) => byPhase(p).filter((r) => acknowledged(r)).length;
    const unavailable = sent.filter((s) => !acknowledged(s.replies[s.replies.length - 1]!));
    expect(acksIn('before')).toBeGreaterThan(0);
    expect(byPhase('outage').filter((r) => !acknowledged(r)).length).toBeGreaterThan(0); // the load did see the outage
    expect(acksIn('after')).toBeGreaterThan(0);
    // Whatever was sent and answered while the store was up was acknowledged.
    const inHealthyWindow = sent
      .flatMap((x) => x.replies)
      .filter((r) => healthyWindows.some(([from, to]) => r.sentAt >= from && r.doneAt <= to));
    expect(inHealthyWindow.length).toBeGreaterThan(0);
    expect(inHealthyWindow.filter((r) => !acknowledged(r)).map((r) => describeReply(r))).toEqual([]);

    const stats = {
      loadCommands: sent.length,
      acknowledgedBefore: acksIn('before'),
      answered503: sent.flatMap((x) => x.replies).filter((r) => !acknowledged(r)).length,
      acknowledgedAfter: acksIn('after'),
    };
    // The commands refused with 503 are resent (same id and body): each succeeds, at most once in the log.
    let replayedResends = 0;
    for (const record of unavailable) {
      const reply = await client.post(record.command.path, record.command.body, record.command.role);
      const ack = acknowledged(reply);
      expect({ label: record.command.label, reply: ack ? 'acknowledged' : describeReply(reply) }).toEqual({
        label: record.command.label,
        reply: 'acknowledged',
      });
      if (ack?.replayed) replayedResends += 1; // committed although answered 503 (connection lost at COMMIT)
      record.replies.push({ ...reply, phase: 'after', sentAt: 0, doneAt: 0 });
    }
    console.log(`outage: ${JSON.stringify({ ...stats, resent: unavailable.length, replayedResends, recoveries })}`);

    // The projections caught up after the outage and equal a replay; the chains verify.
    const head = await headPosition(client);
    const { live, replayed } = await liveAndReplayed(client, projectionPaths(FUND, ['OH1']), head);
    expect(live).toEqual(replayed);
    await expect(client.read('/audit/verify')).resolves.toMatchObject({ ok: true });

    // Nothing written half way, nothing acknowledged lost: read the store itself.
    await service.kill('SIGTERM');
    service = undefined;
    const store = await openStore({ kind: 'postgres', url: pg.url, schema: SCHEMA });
    const sql = new Client({ connectionString: pg.url });
    await sql.connect();
    try {
      const log = await readWholeLog(store);
      const byCommand = eventsByCommand(log);
      const lost: string[] = [];
      for (const { command, replies } of [
        ...sent,
        ...probes.map(({ command, reply }) => ({ command, replies: [reply] })),
      ]) {
        const ack = replies.map((r) => acknowledged(r)).find((a) => a !== undefined);
        const stored = byCommand.get(command.body.commandId) ?? [];
        if (!ack) lost.push(`${command.label}: never acknowledged`);
        else if (
          stored.length !== 1 ||
          stored[0]!.id !== ack.events[0]!.id ||
          stored[0]!.position.toString() !== ack.position
        ) {
          lost.push(
            `${command.label}: stored ${stored.length} event(s), acknowledged ${ack.events[0]!.id}@${ack.position}`,
          );
        }
      }
      expect(lost).toEqual([]);
      const orphanCommands = await sql.query(
        `SELECT c.command_id FROM "${SCHEMA}".commands c LEFT JOIN "${SCHEMA}".events e ON e.position = c.position WHERE e.position IS NULL`,
      );
      expect(orphanCommands.rows).toEqual([]);
      const uncommanded = await sql.query(
        `SELECT e.position FROM "${SCHEMA}".events e LEFT JOIN "${SCHEMA}".commands c ON c.command_id = e.metadata->>'commandId' WHERE c.command_id IS NULL`,
      );
      expect(uncommanded.rows).toEqual([]);
      const badHeads = await sql.query(
        `SELECT s.stream FROM "${SCHEMA}".streams s FULL JOIN (SELECT stream, max(revision) AS revision FROM "${SCHEMA}".events GROUP BY stream) e USING (stream) WHERE s.revision IS DISTINCT FROM e.revision`,
      );
      expect(badHeads.rows).toEqual([]);
    } finally {
      await sql.end();
      await store.close();
    }
  });
});
