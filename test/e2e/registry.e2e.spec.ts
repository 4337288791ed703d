import { randomUUID } from 'node:crypto';
import { AppHarness } from '../support/app-harness';
import { documentedOperations, expectProblem, headPosition, registerFund, storedEvents, type CommandAnswer } from '../support/ledger-http';

/** Payees and their service agreements over HTTP, and the registry reads. Business date: 2026-01-05. */
describe('registry over HTTP: payees, agreements, reads', () => {
  let harness: AppHarness;
  const FUND = 'QZ-EMP-POOL';
  const OTHER_FUND = 'QZ-RES-POOL';

  const payee = (payeeId: string) => ({ payeeId, name: '泉州市第一医院', type: 'hospital', level: 'tertiary', class: 'general', region: '鲤城区' });
  const agreement = (payeeId: string, agreementId: string, fundId = FUND) => ({
    payeeId,
    agreementId,
    fundId,
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
  });
  const change = (payeeId: string, reason = '年度考核发现分解住院', fundId = FUND) => ({ payeeId, fundId, reason });

  /** A registered payee with an active agreement with FUND. */
  async function signedPayee(payeeId: string): Promise<void> {
    expect((await harness.post('/payees', payee(payeeId), 'finance')).status).toBe(201);
    expect((await harness.post('/agreements', agreement(payeeId, `AGR-${payeeId}`), 'finance')).status).toBe(201);
  }

  const readPayee = (payeeId: string) =>
    harness.get<{ agreements: Array<Record<string, unknown>> } & Record<string, unknown>>(`/payees/${payeeId}`);

  beforeAll(async () => {
    harness = await AppHarness.start();
    await registerFund(harness, FUND, 'employee_pooled');
    await registerFund(harness, OTHER_FUND, 'resident_pooled');
  });

  afterAll(async () => {
    await harness.stop();
  });

  describe('POST /payees (RegisterPayee)', () => {
    it('registers a payee: 201 with PayeeRegistered on payee-{payeeId}, readable at once by the auditor', async () => {
      const answer = await harness.post<CommandAnswer>('/payees', payee('H-001'), 'finance');
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ stream: 'payee-H-001', replayed: false });
      expect(answer.body.events).toEqual([expect.objectContaining({ type: 'PayeeRegistered', revision: '0', data: payee('H-001') })]);
      expect(await storedEvents(harness, 'payee-H-001')).toEqual([expect.objectContaining({ type: 'PayeeRegistered', data: payee('H-001') })]);

      const read = await readPayee('H-001');
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ ...payee('H-001'), agreements: [] });
    });

    it('answers 409 ALREADY_EXISTS for a second registration, and replays a retry of the first', async () => {
      const body = { commandId: randomUUID(), ...payee('H-TWICE') };
      const first = await harness.request<CommandAnswer>('POST', '/payees', { body, role: 'finance' });
      const retry = await harness.request<CommandAnswer>('POST', '/payees', { body, role: 'finance' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual({ ...first.body, replayed: true });
      expectProblem(await harness.post('/payees', payee('H-TWICE'), 'finance'), 409, 'ALREADY_EXISTS', 'payeeId');
    });

    it.each([
      ['an unknown field', { ...payee('H-BAD1'), beds: 800 }, 'beds'],
      ['a bad id', payee('H 001'), 'payeeId'],
      ['a wrong type', { ...payee('H-BAD3'), type: 'spa' }, 'type'],
      ['a wrong level', { ...payee('H-BAD4'), level: 'grade-a' }, 'level'],
      ['an empty name', { ...payee('H-BAD5'), name: '' }, 'name'],
      ['a missing region', { payeeId: 'H-BAD6', name: 'x', type: 'clinic', level: 'none', class: 'general' }, 'region'],
    ])('refuses %s with 400 naming the field, appending nothing', async (_label, body, field) => {
      const before = await headPosition(harness);
      expectProblem(await harness.post('/payees', body, 'finance'), 400, 'VALIDATION_FAILED', field);
      expect(await headPosition(harness)).toBe(before);
    });

    it('refuses a name of blanks in the decider: 400 INVALID_FIELD naming the field', async () => {
      expectProblem(await harness.post('/payees', { ...payee('H-BLANK'), name: '   ' }, 'finance'), 400, 'INVALID_FIELD', 'name');
    });
  });

  describe('POST /agreements (SignAgreement)', () => {
    it('signs an agreement with a registered fund: AgreementSigned, and the payee read shows it active', async () => {
      expect((await harness.post('/payees', payee('H-SIGN'), 'finance')).status).toBe(201);
      const answer = await harness.post<CommandAnswer>('/agreements', agreement('H-SIGN', 'AGR-1'), 'admin');
      expect(answer.status).toBe(201);
      expect(answer.body.stream).toBe('payee-H-SIGN');
      expect(answer.body.events).toEqual([
        expect.objectContaining({ type: 'AgreementSigned', revision: '1', data: { ...agreement('H-SIGN', 'AGR-1'), replacesAgreementId: null } }),
      ]);
      expect((await readPayee('H-SIGN')).body.agreements).toEqual([
        {
          agreementId: 'AGR-1',
          fundId: FUND,
          status: 'active',
          validFrom: '2026-01-01',
          validTo: '2026-12-31',
          suspendedUntil: null,
          lastPayableDate: '2027-02-28',
        },
      ]);
    });

    it('renews forwards in time: the new agreement replaces the current one', async () => {
      await signedPayee('H-RENEW');
      const renewal = { ...agreement('H-RENEW', 'AGR-H-RENEW-2027'), validFrom: '2027-01-01', validTo: '2027-12-31' };
      const answer = await harness.post<CommandAnswer>('/agreements', renewal, 'finance');
      expect(answer.status).toBe(201);
      expect(answer.body.events[0]!.data).toEqual({ ...renewal, replacesAgreementId: 'AGR-H-RENEW' });
      expect((await readPayee('H-RENEW')).body.agreements).toEqual([expect.objectContaining({ agreementId: 'AGR-H-RENEW-2027', status: 'active' })]);
    });

    it('answers 404 FUND_NOT_FOUND for an unregistered fund, before reading the payee, appending nothing', async () => {
      const before = await headPosition(harness);
      expectProblem(await harness.post('/agreements', agreement('H-NOBODY', 'AGR-X', 'NO-SUCH-FUND'), 'finance'), 404, 'FUND_NOT_FOUND', 'fundId');
      expect(await headPosition(harness)).toBe(before);
    });

    it('answers 404 PAYEE_NOT_FOUND for an unregistered payee', async () => {
      expectProblem(await harness.post('/agreements', agreement('H-NOBODY', 'AGR-X'), 'finance'), 404, 'PAYEE_NOT_FOUND', 'payeeId');
    });

    it.each([
      ['a date that does not exist', { ...agreement('H-001', 'AGR-D1'), validFrom: '2026-02-30' }, 'VALIDATION_FAILED', 'validFrom'],
      ['a date with a time', { ...agreement('H-001', 'AGR-D2'), validTo: '2026-12-31T00:00:00Z' }, 'VALIDATION_FAILED', 'validTo'],
      ['an end before the start', { ...agreement('H-001', 'AGR-D3'), validTo: '2025-12-31' }, 'INVALID_FIELD', 'validTo'],
      ['a term over 36 months', { ...agreement('H-001', 'AGR-D4'), validTo: '2029-01-01' }, 'INVALID_FIELD', 'validTo'],
      ['an unknown field', { ...agreement('H-001', 'AGR-D5'), budgetYuan: '100.00' }, 'VALIDATION_FAILED', 'budgetYuan'],
    ])('refuses %s with 400 naming the field', async (_label, body, code, field) => {
      expectProblem(await harness.post('/agreements', body, 'finance'), 400, code, field);
    });

    it('answers 409 ALREADY_EXISTS when an agreement id is reused with other dates', async () => {
      await signedPayee('H-REUSE');
      const other = { ...agreement('H-REUSE', 'AGR-H-REUSE'), validTo: '2026-06-30' };
      expectProblem(await harness.post('/agreements', other, 'finance'), 409, 'ALREADY_EXISTS', 'agreementId');
    });
  });

  describe('suspension, reinstatement, termination', () => {
    it('walks an agreement active -> suspended -> active -> terminated, each change readable at once', async () => {
      await signedPayee('H-LIFE');
      const suspended = await harness.post<CommandAnswer>('/agreements/suspensions', { ...change('H-LIFE'), untilDate: '2026-04-30' }, 'finance');
      expect(suspended.status).toBe(201);
      expect(suspended.body.events).toEqual([
        expect.objectContaining({
          type: 'AgreementSuspended',
          data: { ...change('H-LIFE'), agreementId: 'AGR-H-LIFE', effectiveFrom: '2026-01-05', untilDate: '2026-04-30' },
        }),
      ]);
      expect((await readPayee('H-LIFE')).body.agreements).toEqual([expect.objectContaining({ status: 'suspended', suspendedUntil: '2026-04-30' })]);

      const reinstated = await harness.post<CommandAnswer>('/agreements/reinstatements', { ...change('H-LIFE', '整改完成'), effectiveDate: '2026-03-01' }, 'finance');
      expect(reinstated.status).toBe(201);
      expect(reinstated.body.events).toEqual([
        expect.objectContaining({
          type: 'AgreementReinstated',
          data: { ...change('H-LIFE', '整改完成'), agreementId: 'AGR-H-LIFE', effectiveFrom: '2026-03-01' },
        }),
      ]);
      expect((await readPayee('H-LIFE')).body.agreements).toEqual([expect.objectContaining({ status: 'active', suspendedUntil: null })]);

      const terminated = await harness.post<CommandAnswer>('/agreements/terminations', change('H-LIFE', '欺诈骗保'), 'admin');
      expect(terminated.status).toBe(201);
      expect(terminated.body.events).toEqual([
        expect.objectContaining({ type: 'AgreementTerminated', data: { ...change('H-LIFE', '欺诈骗保'), agreementId: 'AGR-H-LIFE', effectiveFrom: '2026-01-05' } }),
      ]);
      expect((await readPayee('H-LIFE')).body.agreements).toEqual([expect.objectContaining({ status: 'terminated' })]);
      expect((await storedEvents(harness, 'payee-H-LIFE')).map((e) => e.type)).toEqual([
        'PayeeRegistered',
        'AgreementSigned',
        'AgreementSuspended',
        'AgreementReinstated',
        'AgreementTerminated',
      ]);
    });

    it('answers 422 INVALID_TRANSITION for changes the agreement state does not allow, appending nothing', async () => {
      await signedPayee('H-RULES');
      const before = await headPosition(harness);
      expectProblem(await harness.post('/agreements/reinstatements', change('H-RULES'), 'finance'), 422, 'INVALID_TRANSITION', 'fundId');
      expectProblem(await harness.post('/agreements/suspensions', change('H-RULES', 'x', OTHER_FUND), 'finance'), 422, 'INVALID_TRANSITION', 'fundId');
      expect(await headPosition(harness)).toBe(before);

      expect((await harness.post('/agreements/suspensions', change('H-RULES'), 'finance')).status).toBe(201);
      expectProblem(await harness.post('/agreements/suspensions', change('H-RULES'), 'finance'), 422, 'INVALID_TRANSITION', 'fundId');
      // Signing must not lift a sanction: a renewal of a suspended agreement is refused.
      const renewal = { ...agreement('H-RULES', 'AGR-H-RULES-2027'), validFrom: '2027-01-01', validTo: '2027-12-31' };
      expectProblem(await harness.post('/agreements', renewal, 'finance'), 422, 'INVALID_TRANSITION', 'fundId');

      expect((await harness.post('/agreements/terminations', change('H-RULES'), 'finance')).status).toBe(201);
      expectProblem(await harness.post('/agreements/reinstatements', change('H-RULES'), 'finance'), 422, 'INVALID_TRANSITION', 'fundId');
      expectProblem(await harness.post('/agreements/terminations', change('H-RULES'), 'finance'), 422, 'INVALID_TRANSITION', 'fundId');
    });

    it.each(['/agreements/suspensions', '/agreements/reinstatements', '/agreements/terminations'])(
      '%s answers 404 PAYEE_NOT_FOUND for an unregistered payee',
      async (url) => {
        expectProblem(await harness.post(url, change('H-NOBODY'), 'finance'), 404, 'PAYEE_NOT_FOUND', 'payeeId');
      },
    );

    it.each([
      ['an untilDate that is not a date', { ...change('H-001'), untilDate: '30/04/2026' }, 'VALIDATION_FAILED', 'untilDate'],
      ['an untilDate before the effective date', { ...change('H-001'), untilDate: '2026-01-04' }, 'INVALID_FIELD', 'untilDate'],
      ['an empty reason', { ...change('H-001'), reason: '' }, 'VALIDATION_FAILED', 'reason'],
      ['a reason over 500 characters', { ...change('H-001'), reason: '停'.repeat(501) }, 'VALIDATION_FAILED', 'reason'],
      ['an unknown field', { ...change('H-001'), agreementId: 'AGR-1' }, 'VALIDATION_FAILED', 'agreementId'],
      ['a bad fund id', { ...change('H-001'), fundId: 'QZ/EMP' }, 'VALIDATION_FAILED', 'fundId'],
    ])('a suspension with %s is refused with 400 naming the field', async (_label, body, code, field) => {
      expectProblem(await harness.post('/agreements/suspensions', body, 'finance'), 400, code, field);
    });
  });

  describe('roles', () => {
    it.each([
      ['/payees', payee('H-ROLE')],
      ['/agreements', agreement('H-001', 'AGR-ROLE')],
      ['/agreements/suspensions', change('H-001')],
      ['/agreements/reinstatements', change('H-001')],
      ['/agreements/terminations', change('H-001')],
    ])('POST %s is forbidden to the planner and the auditor, appending nothing', async (url, body) => {
      const before = await headPosition(harness);
      for (const role of ['planner', 'auditor'] as const) {
        expectProblem(await harness.post(url, body, role), 403, 'FORBIDDEN');
      }
      expect(await headPosition(harness)).toBe(before);
    });
  });

  describe('GET /funds/:fundId and GET /payees/:payeeId', () => {
    it('reads a registered fund, for every role', async () => {
      for (const role of ['auditor', 'planner', 'finance', 'admin'] as const) {
        const answer = await harness.get(`/funds/${FUND}`, role);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ fundId: FUND, name: `${FUND} 基金`, kind: 'employee_pooled', poolingRegion: '沈阳市' });
      }
    });

    it('answers 404 for an unknown fund or payee', async () => {
      expectProblem(await harness.get('/funds/NO-SUCH-FUND'), 404, 'FUND_NOT_FOUND', 'fundId');
      expectProblem(await harness.get('/payees/NO-SUCH-PAYEE'), 404, 'PAYEE_NOT_FOUND', 'payeeId');
    });

    it.each([
      ['/funds/bad%20id', 'fundId'],
      [`/funds/${'F'.repeat(65)}`, 'fundId'],
      ['/payees/H%2F001', 'payeeId'],
      ['/payees/%E5%8C%BB%E9%99%A2', 'payeeId'],
    ])('GET %s is refused with 400 naming the path parameter', async (url, field) => {
      expectProblem(await harness.get(url), 400, 'VALIDATION_FAILED', field);
    });

    it('needs a token', async () => {
      expectProblem(await harness.request('GET', `/funds/${FUND}`, { role: null }), 401, 'UNAUTHENTICATED');
    });
  });

  it('documents every registry endpoint in /docs', async () => {
    const paths = await documentedOperations(harness);
    for (const path of ['/funds', '/payees', '/agreements', '/agreements/suspensions', '/agreements/reinstatements', '/agreements/terminations']) {
      expect(Object.keys(paths[path]?.['post']?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '403']));
    }
    expect(Object.keys(paths['/funds/{fundId}']?.['get']?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(Object.keys(paths['/payees/{payeeId}']?.['get']?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '404']));
  });
});
