import jwt from 'jsonwebtoken';
import { AppHarness } from '../support/app-harness';

describe('HTTP platform: health, docs, auth and problem+json', () => {
  let harness: AppHarness;

  beforeAll(async () => {
    harness = await AppHarness.start();
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('reports the store as up on /health without a token', async () => {
    const answer = await harness.request('GET', '/health', { role: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: 'ok',
      info: { store: { status: 'up', kind: 'sqlite' }, projections: { status: 'up', trialBalance: '0.00' } },
    });
  });

  it('exposes Prometheus metrics: commands by type and outcome, append latency, projection lag', async () => {
    await harness.post('/funds', { fundId: 'F-METRICS', name: 'n', kind: 'maternity', poolingRegion: 'r' });
    await harness.post('/funds', { fundId: 'F-METRICS', name: 'n', kind: 'maternity', poolingRegion: 'r' });
    const response = await harness.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(/ledger_commands_total\{command="RegisterFund",outcome="accepted"\} 1/);
    expect(response.body).toMatch(/ledger_commands_total\{command="RegisterFund",outcome="conflict"\} 1/);
    expect(response.body).toMatch(/ledger_append_duration_seconds_count\{store="sqlite"\} [1-9]/);
    expect(response.body).toMatch(/ledger_projection_lag_positions\{projection="journal"\} \d+/);
  });

  it('lists the projections with their checkpoint and lag', async () => {
    const answer = await harness.get<{ projections: Array<Record<string, unknown>> }>('/projections');
    expect(answer.status).toBe(200);
    expect(answer.body.projections).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'journal', lagPositions: '0', running: true })]),
    );
    for (const projection of answer.body.projections) expect(projection).toMatchObject({ lagPositions: '0', running: true });
  });

  it('answers the trial balance live and as of a position, and refuses a malformed asOf', async () => {
    const live = await harness.get('/journal/trial-balance');
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({ asOf: 'live', ok: true, total: { balanceYuan: '0.00' } });
    const past = await harness.get('/journal/trial-balance?asOf=0');
    expect(past.body).toMatchObject({ asOf: '0', ok: true });
    const bad = await harness.get('/journal/trial-balance?asOf=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'asOf' });
  });

  it('serves the OpenAPI document', async () => {
    const answer = await harness.request<{ openapi: string; info: { title: string } }>('GET', '/docs/openapi.json', { role: null });
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toMatch(/^3\./);
    expect(answer.body.info.title).toContain('fund ledger');
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const answer = await harness.request('GET', '/no-such-thing', { role: 'admin' });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  describe('authentication', () => {
    const protectedUrl = '/audit/streams/fund-x/events';

    it('refuses a request without a token with 401 and WWW-Authenticate', async () => {
      const answer = await harness.request('GET', protectedUrl, { role: null });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it.each([
      ['garbage', 'Bearer not-a-jwt'],
      ['wrong scheme', 'Basic YWRtaW46YWRtaW4='],
      ['wrong secret', `Bearer ${jwt.sign({ role: 'admin' }, 'another-secret-0123456789abcdef0123', { subject: 'x', issuer: 'yibao-ledger' })}`],
      ['expired', `Bearer ${jwt.sign({ role: 'admin', exp: 1 }, 'e2e-secret-0123456789abcdef0123456789abcdef', { subject: 'x', issuer: 'yibao-ledger' })}`],
      ['unknown role', `Bearer ${jwt.sign({ role: 'root' }, 'e2e-secret-0123456789abcdef0123456789abcdef', { subject: 'x', issuer: 'yibao-ledger' })}`],
      ['alg none', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin","iss":"yibao-ledger"}').toString('base64url')}.`],
    ])('refuses a token that is %s', async (_label, authorization) => {
      const answer = await harness.request('GET', protectedUrl, { role: null, headers: { authorization } });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('lets every role read, with a valid token', async () => {
      for (const role of ['admin', 'finance', 'planner', 'auditor'] as const) {
        const answer = await harness.request('GET', protectedUrl, { role });
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({ stream: 'fund-x', events: [], nextFromRevision: null });
      }
    });
  });

  describe('limits and malformed input', () => {
    it('refuses a page size over the limit with the field at fault', async () => {
      const answer = await harness.request('GET', '/audit/streams/x/events?limit=5000', { role: 'auditor' });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'limit' });
    });

    it('refuses unknown query fields', async () => {
      const answer = await harness.request('GET', '/audit/streams/x/events?sneaky=1', { role: 'auditor' });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'sneaky' });
    });

    it('verifies the hash chains of the whole store', async () => {
      const answer = await harness.request('GET', '/audit/verify', { role: 'auditor' });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ ok: true, eventsChecked: 1, streamsChecked: 1 });
    });
  });
});
