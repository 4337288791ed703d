import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '@ledger/platform';
import type { EventStore } from '@ledger/event-store';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { AppHarness, type HttpAnswer } from '../support/app-harness';
import { GatedStore } from '../support/gated-store';
import { dropSchema, freshSchema } from '../support/reliability-scenario';

/**
 * Issue 6/7, idempotency under a concurrent duplicate: the same command (same commandId and body) arrives
 * twice at once — a client retry after a timeout, or the two instances behind a load balancer. The
 * two-instance test shows the race over HTTP; here a gate on the real store puts the two requests in
 * the exact interleaving, so each case fails or passes deterministically.
 *
 *   look-up race: the late request looks the commandId up (not there yet), the other request commits the
 *   command, then the late one loads the stream, which now holds the command's own event, and decides.
 *   append race: both decide on the same state; the late append meets the first one's identical events.
 *
 * Expected for both: the late request answers the command's one result with replayed=true.
 */
interface Answer {
  commandId: string;
  position: string | null;
  events: Array<{ id: string; type: string; revision: string; data: Record<string, unknown> }>;
  replayed: boolean;
}

describe.each<'sqlite' | 'postgres'>(['sqlite', 'postgres'])(
  'a concurrent duplicate of the same command (deterministic interleaving, %s store)',
  (kind) => {
    let directory: string;
    let gated: GatedStore;
    let harness: AppHarness;
    const databaseUrl = process.env['DATABASE_URL'] ?? '';
    const schema = freshSchema('rel_race');

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), 'ledger-race-'));
      const store: EventStore =
        kind === 'sqlite'
          ? SqliteEventStore.open({ path: join(directory, 'ledger.db') })
          : await PostgresEventStore.open({ connectionString: databaseUrl, schema, poolMax: 4 });
      gated = new GatedStore(store);
      harness = await AppHarness.start({ store: gated.store });
      const must = async (path: string, body: Record<string, unknown>, role: Role = 'finance') => {
        const answer = await harness.post(path, body, role);
        if (answer.status !== 201) throw new Error(`setup ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      };
      await must('/funds', { fundId: 'RF', name: '职工统筹', kind: 'employee_pooled', poolingRegion: '泉州市' });
      await must('/payees', {
        payeeId: 'RH',
        name: 'RH 医院',
        type: 'hospital',
        level: 'secondary',
        class: 'general',
        region: '鲤城区',
      });
      await must('/agreements', {
        payeeId: 'RH',
        fundId: 'RF',
        agreementId: 'AGR-RH',
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
      });
      await must(
        '/quotas',
        {
          fundId: 'RF',
          payeeId: 'RH',
          year: 2026,
          quotaYuan: '36000000.00',
          method: 'manual',
          effectiveDate: '2025-12-20',
        },
        'planner',
      );
      await must('/settlements', {
        fundId: 'RF',
        payeeId: 'RH',
        year: 2026,
        month: 1,
        claimedYuan: '3000000.00',
        refusals: [],
        effectiveDate: '2026-02-05',
      });
    });

    afterAll(async () => {
      await harness?.stop(); // closes the store
      if (kind === 'postgres') await dropSchema(databaseUrl, schema);
      rmSync(directory, { recursive: true, force: true });
    });

    async function race(
      gateOn: 'findCommand' | 'append',
      path: string,
      body: Record<string, unknown>,
      role: Role = 'finance',
      lateBody: Record<string, unknown> = body,
    ): Promise<{ first: HttpAnswer<Answer>; late: HttpAnswer<Answer>; stored: number }> {
      const commandId = randomUUID();
      const request = { role, body: { commandId, ...body } };
      const lateRequest = { role, body: { commandId, ...lateBody } };
      const gate = gated.arm(gateOn, (args) =>
        gateOn === 'findCommand'
          ? args[0] === commandId
          : (args[3] as { command?: { commandId?: string } } | undefined)?.command?.commandId === commandId,
      );
      const latePromise = harness.request<Answer>('POST', path, lateRequest); // held at the gate
      await gate.reached;
      const first = await harness.request<Answer>('POST', path, request);
      gate.open();
      const late = await latePromise;
      const stream = first.body.events?.[0] ? (first.body as unknown as { stream: string }).stream : '';
      const events = await harness.get<{ events: Array<{ metadata: Record<string, unknown> }> }>(
        `/audit/streams/${stream}/events?limit=1000`,
      );
      const stored = events.body.events.filter((e) => e.metadata['commandId'] === commandId).length;
      return { first, late, stored };
    }

    /** What must agree between the two answers: status, the events (id, type, revision) and the position. */
    const result = (answer: HttpAnswer<Answer>) =>
      answer.status === 201
        ? {
            status: 201,
            events: answer.body.events.map(
              (e) =>
                `${e.type} ${e.id}@${e.revision}${e.data['grossYuan'] ? ` gross ${String(e.data['grossYuan'])}` : ''}`,
            ),
            position: answer.body.position,
          }
        : { status: answer.status, code: (answer.body as unknown as { code: string }).code };

    it.each([
      [
        'a prepayment (today: 422 MONTH_ALREADY_PREPAID)',
        '/prepayments',
        { fundId: 'RF', payeeId: 'RH', year: 2026, month: 2, grossYuan: '3000000.00', effectiveDate: '2026-02-01' },
      ],
      [
        'a clawback (today: 409 ALREADY_EXISTS)',
        '/clawbacks',
        {
          fundId: 'RF',
          payeeId: 'RH',
          serviceYear: 2026,
          amountYuan: '5000.00',
          caseRef: 'ZY-1',
          reason: '分解住院',
          effectiveDate: '2026-03-20',
        },
      ],
      [
        'an assessment score',
        '/assessment-scores',
        { fundId: 'RF', payeeId: 'RH', year: 2026, scorePoints: '91', effectiveDate: '2026-12-20' },
      ],
      [
        'a payee registration (today: 409 ALREADY_EXISTS)',
        '/payees',
        { payeeId: 'RH-NEW', name: '新医院', type: 'hospital', level: 'primary', class: 'general', region: '丰泽区' },
      ],
    ] as const)(
      'look-up race on %s: the late request answers the first result, replayed',
      async (_name, path, body) => {
        const { first, late, stored } = await race('findCommand', path, body);
        expect(first.status).toBe(201);
        expect(stored).toBe(1); // appended once in any case
        expect({ ...result(late), replayed: late.body.replayed }).toEqual({ ...result(first), replayed: true });
      },
    );

    it('append race: both decided on the same state; only the one that appended says replayed=false', async () => {
      const { first, late, stored } = await race('append', '/prepayments', {
        fundId: 'RF',
        payeeId: 'RH',
        year: 2026,
        month: 3,
        grossYuan: '3000000.00',
        effectiveDate: '2026-03-01',
      });
      expect(stored).toBe(1);
      expect(result(late)).toEqual(result(first)); // same events, same position
      expect({ first: first.body.replayed, late: late.body.replayed }).toEqual({ first: false, late: true });
    });

    /**
     * FINDING (SQLite, fails today): the same commandId with ANOTHER body, both decided on the same state.
     * The SQLite adapter's findRetriedAppend matches the late append by event ids and revisions only (the ids
     * derive from the commandId) and reports success, so the late client gets 201 with ITS body's figures
     * (gross 1.00) although the log holds the other body (gross 3,000,000.00). PostgreSQL compares the command's
     * body hash there and the pipeline answers 409 IDEMPOTENCY_KEY_REUSED.
     */
    it('append race with another body under the same commandId: 409 IDEMPOTENCY_KEY_REUSED, never a 201 for a body not appended', async () => {
      const body = {
        fundId: 'RF',
        payeeId: 'RH',
        year: 2026,
        month: 4,
        grossYuan: '3000000.00',
        effectiveDate: '2026-04-01',
      };
      const { first, late, stored } = await race('append', '/prepayments', body, 'finance', {
        ...body,
        grossYuan: '1.00',
      });
      expect(first.status).toBe(201);
      expect(stored).toBe(1);
      expect(result(late)).toEqual({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    });
  },
);
