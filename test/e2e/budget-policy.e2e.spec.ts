import { randomUUID } from 'node:crypto';
import { CommandEnvelopeFactory } from '@ledger/platform';
import { BudgetPolicyService } from '@ledger/fund-ledger/budget-policy/budget-policy.service';
import { DEFAULT_BUDGET_POLICY } from '@ledger/fund-ledger/shared/budget-policy';
import { AppHarness } from '../support/app-harness';
import { documentedOperations, expectProblem, headPosition, registerFund, storedEvents, type CommandAnswer } from '../support/ledger-http';

/** The budget policy of a fund-year over HTTP, and the freeze the year-end settlement will use. */
describe('budget policy over HTTP', () => {
  let harness: AppHarness;
  const FUND = 'QZ-EMP-POOL';

  const TIERS = [
    { upToQuotaRatio: '0.05', fundShare: '0.80' },
    { upToQuotaRatio: '0.15', fundShare: '0.50' },
    { upToQuotaRatio: null, fundShare: '0' },
  ];

  const setPolicy = (year: number, changes: Record<string, unknown>, role: 'planner' | 'admin' | 'finance' | 'auditor' = 'planner') =>
    harness.post<CommandAnswer>('/budget-policies', { fundId: FUND, year, changes }, role);

  const readPolicy = (year: number, fundId = FUND) =>
    harness.get<{ policyVersion: string; policy: Record<string, unknown>; frozen: unknown }>(`/budget-policies/${fundId}/${year}`);

  beforeAll(async () => {
    harness = await AppHarness.start();
    await registerFund(harness, FUND, 'employee_pooled');
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('reads the default policy, version "default", for a year never set', async () => {
    const answer = await readPolicy(2030);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ fundId: FUND, year: 2030, policyVersion: 'default', policy: DEFAULT_BUDGET_POLICY, frozen: null });
  });

  it('sets the policy: changes merged over the default, versioned by revision, readable at once', async () => {
    const first = await setPolicy(2026, { depositWithholdRate: '0.08', overrunTiers: TIERS });
    expect(first.status).toBe(201);
    expect(first.body.stream).toBe(`policy-${FUND}-2026`);
    // A fund-year's first set records the new clawback treatment (issue #14 §4): the default it replaces
    // has none, which reads as reduce_actual, so it is listed as changed.
    const policy = { ...DEFAULT_BUDGET_POLICY, depositWithholdRate: '0.08', overrunTiers: TIERS, clawbackTreatment: 'deduct_from_entitlement' };
    expect(first.body.events).toEqual([
      expect.objectContaining({
        type: 'BudgetPolicySet',
        revision: '0',
        data: { fundId: FUND, year: 2026, policy, changedFields: ['depositWithholdRate', 'overrunTiers', 'clawbackTreatment'] },
      }),
    ]);
    expect((await readPolicy(2026)).body).toEqual({ fundId: FUND, year: 2026, policyVersion: '0', policy, frozen: null });

    const second = await setPolicy(2026, { retentionMode: 'carry_forward' }, 'admin');
    expect(second.status).toBe(201);
    expect(second.body.events[0]).toMatchObject({ revision: '1', data: { changedFields: ['retentionMode'] } });
    expect((await readPolicy(2026)).body).toMatchObject({ policyVersion: '1', policy: { ...policy, retentionMode: 'carry_forward' } });
  });

  it('decides nothing for a set that changes nothing ("0.1" equals "0.10"): 201 with no events, same version', async () => {
    expect((await setPolicy(2027, { depositWithholdRate: '0.12' })).status).toBe(201);
    const before = await headPosition(harness);
    const again = await setPolicy(2027, { depositWithholdRate: '0.120' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ events: [], position: null, replayed: false });
    expect(await headPosition(harness)).toBe(before);
    expect((await readPolicy(2027)).body.policyVersion).toBe('0');
  });

  it('replays a retry with the same command id and body', async () => {
    const body = { commandId: randomUUID(), fundId: FUND, year: 2028, changes: { depositReturnMinScore: '70' } };
    const first = await harness.request<CommandAnswer>('POST', '/budget-policies', { body, role: 'planner' });
    const retry = await harness.request<CommandAnswer>('POST', '/budget-policies', { body, role: 'planner' });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    expect(await storedEvents(harness, `policy-${FUND}-2028`)).toHaveLength(1);
  });

  it('answers 404 FUND_NOT_FOUND for an unregistered fund, appending nothing', async () => {
    const before = await headPosition(harness);
    const answer = await harness.post('/budget-policies', { fundId: 'NO-SUCH-FUND', year: 2026, changes: { retentionMode: 'cash' } }, 'planner');
    expectProblem(answer, 404, 'FUND_NOT_FOUND', 'fundId');
    expect(await headPosition(harness)).toBe(before);
  });

  it.each([
    ['a withhold rate over 0.5', { depositWithholdRate: '0.6' }, 'VALIDATION_FAILED', 'changes.depositWithholdRate'],
    ['a rate as a JSON number', { depositWithholdRate: 0.1 }, 'VALIDATION_FAILED', 'changes.depositWithholdRate'],
    ['a rate with an exponent', { depositWithholdRate: '1e-1' }, 'VALIDATION_FAILED', 'changes.depositWithholdRate'],
    ['a min score over 100', { depositReturnMinScore: '101' }, 'VALIDATION_FAILED', 'changes.depositReturnMinScore'],
    ['an unknown retention mode', { retentionMode: 'refund' }, 'VALIDATION_FAILED', 'changes.retentionMode'],
    ['fines to fund income', { fineDestination: 'fund_income' }, 'VALIDATION_FAILED', 'changes.fineDestination'],
    ['an unknown policy field', { clawbackRate: '0.1' }, 'VALIDATION_FAILED', 'changes.clawbackRate'],
    ['no tiers', { overrunTiers: [] }, 'VALIDATION_FAILED', 'changes.overrunTiers'],
    ['six tiers', { surplusTiers: Array.from({ length: 6 }, () => ({ upToQuotaRatio: null, retainedShare: '1' })) }, 'VALIDATION_FAILED', 'changes.surplusTiers'],
    ['a share over 1', { overrunTiers: [{ upToQuotaRatio: null, fundShare: '1.5' }] }, 'VALIDATION_FAILED', 'changes.overrunTiers[0].fundShare'],
    ['a tier without its bound', { overrunTiers: [{ fundShare: '0.5' }] }, 'VALIDATION_FAILED', 'changes.overrunTiers[0].upToQuotaRatio'],
    ['an unknown tier field', { surplusTiers: [{ upToQuotaRatio: null, retainedShare: '1', cap: '5' }] }, 'VALIDATION_FAILED', 'changes.surplusTiers[0].cap'],
    ['a bounded last tier', { overrunTiers: [{ upToQuotaRatio: '0.1', fundShare: '0.7' }, { upToQuotaRatio: '0.2', fundShare: '0' }] }, 'INVALID_FIELD', 'changes.overrunTiers[1].upToQuotaRatio'],
    ['descending bounds', { overrunTiers: [{ upToQuotaRatio: '0.2', fundShare: '0.7' }, { upToQuotaRatio: '0.1', fundShare: '0.5' }, { upToQuotaRatio: null, fundShare: '0' }] }, 'INVALID_FIELD', 'changes.overrunTiers[1].upToQuotaRatio'],
    ['no change at all', {}, 'INVALID_FIELD', 'changes'],
  ])('refuses %s with 400 naming the field, appending nothing', async (_label, changes, code, field) => {
    const before = await headPosition(harness);
    expectProblem(await setPolicy(2026, changes), 400, code, field);
    expect(await headPosition(harness)).toBe(before);
  });

  it.each([
    ['a year as a string', { fundId: FUND, year: '2026', changes: { retentionMode: 'cash' } }, 'year'],
    ['a year before 2000', { fundId: FUND, year: 1999, changes: { retentionMode: 'cash' } }, 'year'],
    ['changes that are not an object', { fundId: FUND, year: 2026, changes: 'cash' }, 'changes'],
    ['an unknown field', { fundId: FUND, year: 2026, changes: { retentionMode: 'cash' }, reason: 'x' }, 'reason'],
    ['a bad fund id', { fundId: 'QZ EMP', year: 2026, changes: { retentionMode: 'cash' } }, 'fundId'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    expectProblem(await harness.post('/budget-policies', body, 'planner'), 400, 'VALIDATION_FAILED', field);
  });

  it('is forbidden to finance and to the auditor, appending nothing', async () => {
    const before = await headPosition(harness);
    for (const role of ['finance', 'auditor'] as const) {
      expectProblem(await setPolicy(2026, { retentionMode: 'cash' }, role), 403, 'FORBIDDEN');
    }
    expect(await headPosition(harness)).toBe(before);
  });

  describe('GET /budget-policies/:fundId/:year', () => {
    it('is readable by every role', async () => {
      for (const role of ['auditor', 'finance', 'planner', 'admin'] as const) {
        expect((await harness.get(`/budget-policies/${FUND}/2026`, role)).status).toBe(200);
      }
    });

    it('answers 404 FUND_NOT_FOUND for an unregistered fund', async () => {
      expectProblem(await readPolicy(2026, 'NO-SUCH-FUND'), 404, 'FUND_NOT_FOUND', 'fundId');
    });

    it.each([
      [`/budget-policies/${FUND}/abc`, 'year'],
      [`/budget-policies/${FUND}/1999`, 'year'],
      [`/budget-policies/${FUND}/2101`, 'year'],
      [`/budget-policies/${FUND}/2026.0`, 'year'],
      [`/budget-policies/${FUND}/2e3`, 'year'],
      ['/budget-policies/QZ%20EMP/2026', 'fundId'],
    ])('GET %s is refused with 400 naming the path parameter', async (url, field) => {
      expectProblem(await harness.get(url), 400, 'VALIDATION_FAILED', field);
    });
  });

  /** No endpoint freezes a policy: the year-end settlement will, through BudgetPolicyService. */
  describe('the year-end freeze (BudgetPolicyService)', () => {
    const settledStream = `budget-${FUND}-H-001-2029`;
    const envelope = (commandId = randomUUID()) =>
      harness.app.get(CommandEnvelopeFactory).internal({ actor: 'year-end-settlement', role: 'admin' }, commandId, { settledStream });

    it('snapshots the policy in force with its version, as the settlement will record it', async () => {
      const service = harness.app.get(BudgetPolicyService);
      expect(await service.snapshot(FUND, 2031)).toEqual({ policyVersion: 'default', policy: DEFAULT_BUDGET_POLICY });
      expect((await setPolicy(2029, { depositWithholdRate: '0.05' })).status).toBe(201);
      expect(await service.snapshot(FUND, 2029)).toEqual({ policyVersion: '0', policy: { ...DEFAULT_BUDGET_POLICY, depositWithholdRate: '0.05', clawbackTreatment: 'deduct_from_entitlement' } });
    });

    it('freezes once; the read shows the freeze and a later set is refused with 422 POLICY_FROZEN', async () => {
      const service = harness.app.get(BudgetPolicyService);
      const frozen = await service.freezeForYearEnd(FUND, 2029, settledStream, envelope());
      expect(frozen.events).toEqual([
        expect.objectContaining({
          type: 'BudgetPolicyFrozen',
          data: expect.objectContaining({ reason: 'first_year_end_settlement', settledStream, policyVersion: '0' }),
        }),
      ]);
      expect((await readPolicy(2029)).body).toMatchObject({
        policyVersion: '0',
        policy: { depositWithholdRate: '0.05' },
        frozen: { reason: 'first_year_end_settlement', settledStream, policyVersion: '0' },
      });
      expect((await service.freezeForYearEnd(FUND, 2029, `budget-${FUND}-H-002-2029`, envelope())).events).toEqual([]);

      const before = await headPosition(harness);
      expectProblem(await setPolicy(2029, { depositWithholdRate: '0.06' }), 422, 'POLICY_FROZEN', 'changes');
      expect(await headPosition(harness)).toBe(before);
      expect(await service.snapshot(FUND, 2029)).toEqual({ policyVersion: '0', policy: { ...DEFAULT_BUDGET_POLICY, depositWithholdRate: '0.05', clawbackTreatment: 'deduct_from_entitlement' } });
    });
  });

  describe('clawbackTreatment (issue #14 §4)', () => {
    it('a first set records deduct_from_entitlement unless it names the treatment; a later set keeps it', async () => {
      const first = await setPolicy(2032, { depositReturnMinScore: '65' });
      expect(first.body.events[0]).toMatchObject({
        data: { policy: { clawbackTreatment: 'deduct_from_entitlement' }, changedFields: ['depositReturnMinScore', 'clawbackTreatment'] },
      });
      const later = await setPolicy(2032, { depositReturnMinScore: '70' });
      expect(later.body.events[0]).toMatchObject({
        data: { policy: { clawbackTreatment: 'deduct_from_entitlement' }, changedFields: ['depositReturnMinScore'] },
      });
      const switched = await setPolicy(2032, { clawbackTreatment: 'reduce_actual' });
      expect(switched.body.events[0]).toMatchObject({ data: { policy: { clawbackTreatment: 'reduce_actual' }, changedFields: ['clawbackTreatment'] } });
      expect((await readPolicy(2032)).body.policy).toMatchObject({ clawbackTreatment: 'reduce_actual' });
    });

    it('a first set naming reduce_actual records it (and lists no change: the default reads the same)', async () => {
      const answer = await setPolicy(2033, { clawbackTreatment: 'reduce_actual' });
      expect(answer.body.events[0]).toMatchObject({ data: { policy: { clawbackTreatment: 'reduce_actual' }, changedFields: [] } });
    });

    it('the default of a year never set has no treatment (read as reduce_actual by the year end)', async () => {
      expect((await readPolicy(2034)).body.policy).not.toHaveProperty('clawbackTreatment');
    });

    it('refuses an unknown treatment with 400 naming the field, appending nothing', async () => {
      const before = await headPosition(harness);
      expectProblem(await setPolicy(2035, { clawbackTreatment: 'forgive' }), 400, 'VALIDATION_FAILED', 'changes.clawbackTreatment');
      expect(await headPosition(harness)).toBe(before);
    });
  });

  it('documents both endpoints in /docs', async () => {
    const paths = await documentedOperations(harness);
    expect(Object.keys(paths['/budget-policies']?.['post']?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '403', '404', '422']));
    expect(Object.keys(paths['/budget-policies/{fundId}/{year}']?.['get']?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '404']));
  });
});
