import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { burstCommands, checkBurst, prepareBurst, sendAtOnce } from '../support/budget-burst';
import { LedgerClient, RELIABILITY_JWT_SECRET } from '../support/ledger-client';
import {
  dropSchema,
  freshSchema,
  headPosition,
  liveAndReplayed,
  projectionPaths,
  randomSalt,
  setUp,
} from '../support/reliability-scenario';
import { ServiceProcess } from '../support/service-process';

/**
 * Issue 6, concurrency: 16 clients at once against one hospital-year whose quota is nearly used up
 * (settlements whose payable exceeds the cash room, prepayments of which only some fit, repeated
 * months). No lost update, the quota never overrun, every refusal a clean 422/409 problem+json, the
 * totals exact to the fen. Three such bursts per store, against the real service process.
 */
const FUND = 'CONC-FUND';
const BURSTS = ['HC1', 'HC2', 'HC3'];

describe.each<'sqlite' | 'postgres'>(['sqlite', 'postgres'])(
  '16 concurrent commands on one hospital-year (%s)',
  (kind) => {
    let directory: string;
    let service: ServiceProcess;
    let client: LedgerClient;
    let schema: string | undefined;
    const databaseUrl = process.env['DATABASE_URL'] ?? '';
    const salt = randomSalt();
    const report: Array<{ payeeId: string; accepted: number; refused: Record<string, number> }> = [];

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), `ledger-conc-${kind}-`));
      schema = kind === 'postgres' ? freshSchema('rel_conc') : undefined;
      service = await ServiceProcess.start({
        LEDGER_JWT_SECRET: RELIABILITY_JWT_SECRET,
        LEDGER_LOG_LEVEL: 'warn',
        LEDGER_PROJECTIONS_PATH: join(directory, 'projections.db'),
        ...(kind === 'sqlite'
          ? { LEDGER_STORE: 'sqlite', LEDGER_SQLITE_PATH: join(directory, 'ledger.db') }
          : { LEDGER_STORE: 'postgres', LEDGER_DATABASE_URL: databaseUrl, LEDGER_POSTGRES_SCHEMA: schema! }),
      });
      client = new LedgerClient(service.url);
      await setUp(
        client,
        salt,
        FUND,
        BURSTS.map((payeeId) => ({ payeeId, quotaYuan: '2000000.00' })),
      );
    });

    afterAll(async () => {
      console.log(`concurrency/${kind}: ${JSON.stringify(report)}`);
      await service?.kill('SIGKILL');
      if (schema) await dropSchema(databaseUrl, schema);
      rmSync(directory, { recursive: true, force: true });
    });

    it.each(BURSTS.map((payeeId, variant) => [payeeId, variant] as const))(
      'burst on %s: no lost update, quota never overrun, clean refusals, exact totals',
      async (payeeId, variant) => {
        await prepareBurst(client, salt, FUND, payeeId);
        const commands = burstCommands(salt, FUND, payeeId, variant);
        expect(commands).toHaveLength(16);
        const outcomes = await sendAtOnce([client], commands);
        const { accepted, refused, problems } = await checkBurst(client, FUND, payeeId, outcomes);
        report.push({ payeeId, accepted, refused });
        expect(problems).toEqual([]);
        expect(accepted).toBeGreaterThan(0);
        // Some had to be refused: 4 repeat a month, and the prepayments do not all fit in the room.
        expect(Object.values(refused).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4);
      },
    );

    it('ends with the projections equal to a replay and the trial balance at zero', async () => {
      const head = await headPosition(client);
      const { live, replayed } = await liveAndReplayed(client, projectionPaths(FUND, BURSTS), head);
      expect(live).toEqual(replayed);
      expect(live['/journal/trial-balance']).toMatchObject({ ok: true, total: { balanceYuan: '0.00' } });
      await expect(client.read('/audit/verify')).resolves.toMatchObject({ ok: true });
    });
  },
);
