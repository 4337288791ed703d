import { randomUUID } from 'node:crypto';
import { AppHarness } from '../support/app-harness';

/** The command contract every write endpoint shares: idempotency, validation, roles, nothing appended on error. */
describe('commands over HTTP: idempotency, validation and roles', () => {
  let harness: AppHarness;
  const fund = (fundId: string) => ({ fundId, name: '职工基本医疗保险统筹基金', kind: 'employee_pooled', poolingRegion: '泉州市' });

  beforeAll(async () => {
    harness = await AppHarness.start();
  });

  afterAll(async () => {
    await harness.stop();
  });

  const headPosition = async (): Promise<string> => String(await harness.store.headPosition());

  it('appends one event and answers 201 with the stream, the event and its position', async () => {
    const answer = await harness.post<{ stream: string; position: string; events: Array<{ type: string; data: unknown }> }>('/funds', fund('F-CREATE'));
    expect(answer.status).toBe(201);
    expect(answer.body.stream).toBe('fund-F-CREATE');
    expect(answer.body.events).toEqual([expect.objectContaining({ type: 'FundRegistered', revision: '0' })]);
    expect(answer.body.position).toBe(await headPosition());
  });

  it('records actor, role, command, correlation, causation, times and the hash link on the event', async () => {
    const commandId = randomUUID();
    await harness.request('POST', '/funds', {
      role: 'finance',
      body: { commandId, ...fund('F-META'), effectiveDate: '2026-01-02' },
      headers: { 'x-correlation-id': 'corr-1' },
    });
    const history = await harness.get<{ events: Array<{ metadata: Record<string, unknown> }> }>('/audit/streams/fund-F-META/events');
    expect(history.body.events[0]!.metadata).toMatchObject({
      actor: 'e2e-finance',
      role: 'finance',
      commandId,
      correlationId: 'corr-1',
      causationId: commandId,
      effectiveDate: '2026-01-02',
      recordedAt: '2026-01-05T02:00:00.000Z',
      prevHash: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('returns the first result for a retry with the same id and body, and appends nothing', async () => {
    const body = { commandId: randomUUID(), ...fund('F-RETRY') };
    const first = await harness.request('POST', '/funds', { body });
    const before = await headPosition();
    const again = await harness.request('POST', '/funds', { body: { ...body, poolingRegion: '泉州市' } });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed'] ?? 'true').toBeDefined();
    expect({ ...again.body, replayed: false }).toEqual(first.body);
    expect(again.body['replayed']).toBe(true);
    expect(await headPosition()).toBe(before);
  });

  it('answers 409 when the same id comes with another body, and appends nothing', async () => {
    const commandId = randomUUID();
    await harness.request('POST', '/funds', { body: { commandId, ...fund('F-REUSE') } });
    const before = await headPosition();
    const reused = await harness.request('POST', '/funds', { body: { commandId, ...fund('F-REUSE-OTHER') } });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'commandId' });
    expect(await headPosition()).toBe(before);
  });

  it('answers 409 ALREADY_EXISTS for a second registration under a new command id', async () => {
    await harness.post('/funds', fund('F-TWICE'));
    const second = await harness.post('/funds', fund('F-TWICE'));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'ALREADY_EXISTS', field: 'fundId' });
  });

  it.each([
    ['an unknown field', { ...fund('F-BAD1'), sneaky: true }, 'sneaky'],
    ['a missing field', { fundId: 'F-BAD2', name: 'x', kind: 'employee_pooled' }, 'poolingRegion'],
    ['a wrong enum', { ...fund('F-BAD3'), kind: 'pension' }, 'kind'],
    ['a bad id', { ...fund('bad id!'), fundId: 'bad id!' }, 'fundId'],
    ['a bad effective date', { ...fund('F-BAD5'), effectiveDate: '2026-13-01' }, 'effectiveDate'],
    // An omittable field sent as null is a value, not an absence (fast-check found null taken for "today").
    ['a null effective date', { ...fund('F-BAD6'), effectiveDate: null }, 'effectiveDate'],
  ])('refuses %s with 400 and the field, appending nothing', async (_label, body, field) => {
    const before = await headPosition();
    const answer = await harness.post('/funds', body);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(await headPosition()).toBe(before);
  });

  it('refuses a command without a commandId', async () => {
    const answer = await harness.request('POST', '/funds', { body: fund('F-NOID') });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'commandId' });
  });

  it.each([
    ['malformed JSON', '{"fundId": ', 400, 'MALFORMED_JSON'],
    ['a __proto__ key', '{"__proto__": {"admin": true}, "fundId": "F-PROTO"}', 400, 'MALFORMED_JSON'],
    ['a body over the size limit', JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }), 413, 'BODY_TOO_LARGE'],
  ])('refuses %s as problem+json', async (_label, rawBody, status, code) => {
    const before = await headPosition();
    const answer = await harness.request('POST', '/funds', { rawBody });
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code });
    expect(await headPosition()).toBe(before);
  });

  it('forbids writes to the auditor and to roles the endpoint does not name', async () => {
    for (const role of ['auditor', 'planner'] as const) {
      const answer = await harness.post('/funds', fund(`F-${role}`), role);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
