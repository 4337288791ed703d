import { randomUUID } from 'node:crypto';
import type { Role } from '@ledger/platform';
import { AppHarness, type HttpAnswer } from '../support/app-harness';
import { expectProblem, registerFund, type CommandAnswer } from '../support/ledger-http';

type Body = Record<string, unknown>;

/** Reversals (红字冲销) over HTTP: request by one person, approval by another, the month corrected. */
describe('corrections over HTTP: reversal with four-eyes approval', () => {
  let harness: AppHarness;
  const FUND = 'CR-EMP';
  const PAYEE = 'H-CR1';
  const CLOSED_PAYEE = 'H-CR2';
  const REQUESTER = 'zhang.san';
  const APPROVER = 'li.si';

  beforeAll(async () => {
    harness = await AppHarness.start();
    await registerFund(harness, FUND, 'employee_pooled');
    for (const payeeId of [PAYEE, CLOSED_PAYEE]) {
      await ok('/payees', { payeeId, name: `${payeeId} 医院`, type: 'hospital', level: 'secondary', class: 'general', region: '鲤城区' });
      await ok('/agreements', { payeeId, agreementId: `AGR-${payeeId}`, fundId: FUND, validFrom: '2025-01-01', validTo: '2025-12-31' });
      await ok('/quotas', { fundId: FUND, payeeId, year: 2025, quotaYuan: '12000000.00', method: 'manual', effectiveDate: '2024-12-20' }, 'planner');
    }
  });

  afterAll(async () => {
    await harness.stop();
  });

  /** A command as a given person (the token's subject is the actor four-eyes compares). */
  const as = <T = CommandAnswer>(actor: string, path: string, body: Body, role: Role = 'finance'): Promise<HttpAnswer<T>> =>
    harness.request<T>('POST', path, {
      role: null,
      headers: { authorization: `Bearer ${harness.token(role, actor)}` },
      body: { commandId: randomUUID(), ...body },
    });

  async function ok<T = CommandAnswer>(path: string, body: Body, role: Role = 'finance', actor = `e2e-${role}`): Promise<T> {
    const answer = await as<T>(actor, path, body, role);
    if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  const year = { fundId: FUND, payeeId: PAYEE, year: 2025 };
  const target = (answer: CommandAnswer) => ({ eventId: answer.events[0]!.id, stream: answer.stream, revision: answer.events[0]!.revision });

  interface Accounts {
    accounts: Array<{ account: string; debitsYuan?: string; creditsYuan?: string; balanceYuan: string }>;
  }

  it('reverses a wrongly entered settlement and re-posts it: the month, the journal and the accounts are exact', async () => {
    await ok('/prepayments', { ...year, month: 1, grossYuan: '1000000.00', effectiveDate: '2025-01-05' });
    const wrong = await ok('/settlements', { ...year, month: 1, claimedYuan: '1200000.00', refusals: [], effectiveDate: '2025-02-05' });
    expect(wrong.events[0]!.data).toMatchObject({ approvedYuan: '1200000.00', prepaidOffsetYuan: '1000000.00', netPaymentYuan: '200000.00' });

    const requested = await as(REQUESTER, '/reversals', { ...target(wrong), reason: '录入错误：1月申报金额应为1,100,000.00元', effectiveDate: '2025-03-10' });
    expect(requested.status).toBe(201);
    expect(requested.body.stream).toBe(`reversal-${wrong.events[0]!.id}`);
    expect(requested.body.events[0]!.data).toMatchObject({ requestedBy: { actor: REQUESTER, role: 'finance' }, target: { stream: wrong.stream, type: 'MonthlySettlementPosted' } });
    // Nothing moved yet: the month is still settled, a second request waits for the first.
    expectProblem(await as(APPROVER, '/settlements', { ...year, month: 1, claimedYuan: '1100000.00', refusals: [], effectiveDate: '2025-03-10' }), 422, 'MONTH_ALREADY_SETTLED', 'month');
    expectProblem(await as(APPROVER, '/reversals', { ...target(wrong), reason: 'again', effectiveDate: '2025-03-10' }), 422, 'REVERSAL_PENDING', 'eventId');

    // Four-eyes: the requester cannot approve; a second finance user can.
    expectProblem(await as(REQUESTER, '/reversals/approvals', { eventId: wrong.events[0]!.id }), 422, 'FOUR_EYES_REQUIRED', 'eventId');
    const approval = { commandId: randomUUID(), eventId: wrong.events[0]!.id };
    const approved = await harness.request<CommandAnswer>('POST', '/reversals/approvals', { role: null, headers: { authorization: `Bearer ${harness.token('finance', APPROVER)}` }, body: approval });
    expect(approved.status).toBe(201);
    const reversal = approved.body.events[0]!.data['reversal'] as { stream: string; eventId: string; revision: string };
    expect(reversal.stream).toBe(wrong.stream);
    const retried = await harness.request<CommandAnswer>('POST', '/reversals/approvals', { role: null, headers: { authorization: `Bearer ${harness.token('finance', APPROVER)}` }, body: approval });
    expect(retried.body).toMatchObject({ replayed: true, position: approved.body.position });

    const budgetEvents = await harness.get<{ events: Array<{ type: string; data: Body }> }>(`/hospital-budgets/${FUND}/${PAYEE}/2025/events`);
    const reversed = budgetEvents.body.events.find((e) => e.type === 'EventReversed');
    expect(reversed?.data).toMatchObject({
      reversedEventId: wrong.events[0]!.id,
      approvedBy: { actor: APPROVER },
      requestedBy: { actor: REQUESTER },
      effectiveDate: '2025-03-10',
      postings: (wrong.events[0]!.data['postings'] as Array<Body>).map((p) => ({ ...p, side: p['side'] === 'debit' ? 'credit' : 'debit' })),
    });

    const corrected = await ok('/settlements', { ...year, month: 1, claimedYuan: '1100000.00', refusals: [], effectiveDate: '2025-03-10' });
    expect(corrected.events[0]!.data).toMatchObject({ approvedYuan: '1100000.00', prepaidOffsetYuan: '1000000.00', netPaymentYuan: '100000.00' });

    const view = await harness.get<{ settlements: Body }>(`/hospital-budgets/${FUND}/${PAYEE}/2025`);
    expect(view.body.settlements).toMatchObject({ months: [1], claimedYuan: '1100000.00', approvedYuan: '1100000.00', netPaymentsYuan: '100000.00' });

    const trial = await harness.get<{ ok: boolean; total: { balanceYuan: string } }>(`/journal/trial-balance?minPosition=${corrected.position}`);
    expect(trial.body).toMatchObject({ ok: true, total: { balanceYuan: '0.00' } });
    const accounts = await harness.get<Accounts>(`/journal/accounts?minPosition=${corrected.position}`);
    const balance = (account: string) => accounts.body.accounts.find((a) => a.account === account)?.balanceYuan;
    // original 1,200,000 − reversal 1,200,000 + corrected 1,100,000; the prepayment offset again in full.
    expect(balance(`${FUND}:expense:settlements`)?.replace('-', '')).toBe('1100000.00');
    expect(balance(`${FUND}:hospital:${PAYEE}:prepaid`)?.replace('-', '')).toBe('0.00');
  });

  it('refuses a reversal of a reversal, a second reversal of the same event and an unknown event', async () => {
    const read = await harness.get<{ events: Array<{ id: string; type: string; revision: string; data: Body }> }>(`/hospital-budgets/${FUND}/${PAYEE}/2025/events`);
    const reversal = read.body.events.find((e) => e.type === 'EventReversed')!;
    const stream = `budget-${FUND}.${PAYEE}.2025`;
    const body = { stream, reason: '冲销的冲销', effectiveDate: '2025-03-11' };
    expectProblem(await as(REQUESTER, '/reversals', { ...body, eventId: reversal.id, revision: reversal.revision }), 422, 'REVERSAL_OF_REVERSAL', 'eventId');
    const original = { eventId: reversal.data['reversedEventId'], revision: reversal.data['reversedRevision'] };
    expectProblem(await as(REQUESTER, '/reversals', { ...body, ...original }), 422, 'ALREADY_REVERSED', 'eventId');
    expectProblem(await as(REQUESTER, '/reversals', { ...body, eventId: randomUUID(), revision: '0' }), 404, 'EVENT_NOT_FOUND', 'eventId');
    const quotaSet = read.body.events[0]!;
    expectProblem(await as(REQUESTER, '/reversals', { ...body, eventId: quotaSet.id, revision: quotaSet.revision }), 422, 'NOT_A_MONEY_EVENT', 'eventId');
  });

  it('refuses a reversal in a settled hospital-year with PERIOD_CLOSED (the correction goes to the open year as a late item)', async () => {
    const closedYear = { fundId: FUND, payeeId: CLOSED_PAYEE, year: 2025 };
    const prepaid = await ok('/prepayments', { ...closedYear, month: 1, grossYuan: '500000.00', effectiveDate: '2025-01-05' });
    await ok('/assessment-scores', { ...closedYear, scorePoints: '90', effectiveDate: '2025-12-20' });
    await ok('/year-end-settlements', { ...closedYear, effectiveDate: '2026-01-05' });
    const refused = await as(REQUESTER, '/reversals', { ...target(prepaid), reason: '录入错误', effectiveDate: '2026-01-05' });
    expectProblem(refused, 422, 'PERIOD_CLOSED', 'eventId');
    expect(String((refused.body as unknown as Body)["detail"])).toMatch(/late item/);
  });
});
