import { get } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signTestJwt } from '../support/test-jwt';
import pino from 'pino';
import { SqliteEventStore } from '@ledger/event-store/sqlite';
import { FixedClock, loadConfig } from '@ledger/platform';
import { catalogedCodes, problemSlug } from '@ledger/platform/http/problem-catalog';
import { createApp } from '../../apps/ledger-api/src/bootstrap';
import { metricsAddress } from '../../apps/ledger-api/src/http-edge';
import { AppHarness, TEST_JWT_SECRET } from '../support/app-harness';

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
    const response = await harness.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${harness.token('admin')}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(/ledger_commands_total\{command="RegisterFund",outcome="accepted"\} 1/);
    expect(response.body).toMatch(/ledger_commands_total\{command="RegisterFund",outcome="conflict"\} 1/);
    expect(response.body).toMatch(/ledger_append_duration_seconds_count\{store="sqlite"\} [1-9]/);
    expect(response.body).toMatch(/ledger_projection_lag_positions\{projection="journal"\} \d+/);
  });

  it('lists the projections with their checkpoint and lag', async () => {
    // The read models catch up in the background (a page at a time): read your writes first, then none lags.
    const head = (await harness.store.headPosition()).toString();
    expect((await harness.get(`/journal/trial-balance?minPosition=${head}&waitMs=5000`)).status).toBe(200);
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
      ['wrong secret', `Bearer ${signTestJwt({ role: 'admin' }, 'another-secret-0123456789abcdef0123', { subject: 'x', issuer: 'yibao-ledger' })}`],
      ['expired', `Bearer ${signTestJwt({ role: 'admin', exp: 1 }, 'e2e-secret-0123456789abcdef0123456789abcdef', { subject: 'x', issuer: 'yibao-ledger' })}`],
      ['unknown role', `Bearer ${signTestJwt({ role: 'root' }, 'e2e-secret-0123456789abcdef0123456789abcdef', { subject: 'x', issuer: 'yibao-ledger' })}`],
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

describe('HTTP edge: request ids, problem pages, security headers, /metrics and the rate limit', () => {
  let harness: AppHarness;
  const fund = (fundId: string) => ({ fundId, name: '职工基本医疗保险统筹基金', kind: 'employee_pooled', poolingRegion: '泉州市' });

  beforeAll(async () => {
    harness = await AppHarness.start();
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('echoes a well-formed x-request-id, replaces a malformed one, and makes one when there is none', async () => {
    const kept = await harness.request('GET', '/health/live', { role: null, headers: { 'x-request-id': 'lb-7f3a.2:9' } });
    expect(kept.headers['x-request-id']).toBe('lb-7f3a.2:9');
    const replaced = await harness.request('GET', '/health/live', { role: null, headers: { 'x-request-id': 'bad id <script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const made = await harness.request('GET', '/no-such-thing', { role: 'admin' });
    expect(made.status).toBe(404);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("records the request id in every event's metadata, beside the other ids", async () => {
    const requestId = `req-${randomUUID()}`;
    const answer = await harness.request('POST', '/funds', { body: { commandId: randomUUID(), ...fund('F-REQ-ID') }, headers: { 'x-request-id': requestId } });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-request-id']).toBe(requestId);
    const history = await harness.get<{ events: Array<{ metadata: Record<string, unknown> }> }>('/audit/streams/fund-F-REQ-ID/events');
    expect(history.body.events[0]?.metadata).toMatchObject({ requestId, actor: 'e2e-admin', prevHash: expect.any(String), hash: expect.any(String) });
    expect((await harness.get('/audit/verify?stream=fund-F-REQ-ID')).body).toMatchObject({ ok: true });
  });

  it('redirects / to /docs', async () => {
    const answer = await harness.app.inject({ method: 'GET', url: '/' });
    expect(answer.statusCode).toBe(302);
    expect(answer.headers['location']).toBe('/docs');
  });

  it("resolves every problem type to a page the app serves: the answer's type, and every catalogued code", async () => {
    const problem = await harness.request<{ type: string }>('GET', '/no-such-thing', { role: 'admin' });
    expect(problem.body.type).toBe('/problems/not-found');
    const page = await harness.app.inject({ method: 'GET', url: problem.body.type });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('NOT_FOUND');
    const codes = catalogedCodes();
    expect(codes.map(([code]) => code)).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'QUOTA_EXCEEDED', 'HOSPITAL_YEAR_NOT_FOUND', 'RATE_LIMITED']));
    for (const [code] of codes) {
      const answer = await harness.app.inject({ method: 'GET', url: `/problems/${problemSlug(code)}` });
      expect({ code, status: answer.statusCode }).toEqual({ code, status: 200 });
    }
    const index = await harness.app.inject({ method: 'GET', url: '/problems' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('/problems/quota-exceeded');
    const unknown = await harness.app.inject({ method: 'GET', url: '/problems/no-such-code' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('sends security headers, with a CSP under which /docs loads everything it needs from this origin', async () => {
    const docs = await harness.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
    const csp = String(docs.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).not.toMatch(/unsafe-eval|upgrade-insecure-requests/);
    expect(docs.headers['x-content-type-options']).toBe('nosniff');
    // No inline script (the CSP would block it): every script is a same-origin file that answers 200.
    expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const assets = [...docs.body.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]!).filter((url) => !url.startsWith('#'));
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      // Resolved as the browser does, against the page's address.
      const answer = await harness.app.inject({ method: 'GET', url: new URL(asset, 'http://ledger.local/docs').pathname });
      expect({ asset, status: answer.statusCode }).toEqual({ asset, status: 200 });
    }
    const init = await harness.app.inject({ method: 'GET', url: '/docs/swagger-ui-init.js' });
    expect(init.body).toContain('requestInterceptor');
    expect(init.body).toContain('getRandomValues');
  });

  it('serves /metrics to admin tokens only on the API port', async () => {
    expect((await harness.request('GET', '/metrics', { role: null })).status).toBe(401);
    const finance = await harness.request('GET', '/metrics', { role: 'finance' });
    expect(finance.status).toBe(403);
    expect(finance.headers['content-type']).toMatch(/^application\/problem\+json/);
    const admin = await harness.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${harness.token('admin')}` } });
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toMatch(/ledger_commands_total/);
  });

  it('with LEDGER_METRICS_PORT, serves /metrics on that port without a token and 404 on the API port', async () => {
    const separate = await AppHarness.start({ env: { LEDGER_METRICS_PORT: '0', LEDGER_HOST: '127.0.0.1' } });
    try {
      expect((await separate.request('GET', '/metrics', { role: 'admin' })).status).toBe(404);
      const address = metricsAddress(separate.app);
      expect(address?.port).toBeGreaterThan(0);
      const scraped = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        get({ host: '127.0.0.1', port: address!.port, path: '/metrics' }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        }).on('error', reject);
      });
      expect(scraped.status).toBe(200);
      expect(scraped.body).toMatch(/ledger_append_duration_seconds/);
    } finally {
      await separate.stop();
    }
  });

  it('limits requests per token subject (else per address) with 429 problem+json and Retry-After; probes are never limited', async () => {
    const limited = await AppHarness.start({ env: { LEDGER_RATE_LIMIT_MAX: '3', LEDGER_RATE_LIMIT_WINDOW_MS: '60000' } });
    try {
      const asZhang = () => limited.request('GET', '/audit/verify', { role: null, headers: { authorization: `Bearer ${limited.token('auditor', 'zhang')}` } });
      for (let i = 0; i < 3; i += 1) expect((await asZhang()).status).toBe(200);
      const refused = await asZhang();
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', type: '/problems/rate-limited' });
      // Another subject has its own budget, even from the same address.
      expect((await limited.request('GET', '/audit/verify', { role: null, headers: { authorization: `Bearer ${limited.token('auditor', 'li')}` } })).status).toBe(200);
      // Readiness and liveness probes are never limited.
      for (let i = 0; i < 5; i += 1) expect((await limited.request('GET', '/health/live', { role: null })).status).toBe(200);
      // Without a token, the address is the key.
      for (let i = 0; i < 3; i += 1) await limited.request('GET', '/docs/openapi.json', { role: null });
      expect((await limited.request('GET', '/docs/openapi.json', { role: null })).status).toBe(429);
    } finally {
      await limited.stop();
    }
  });

  it('logs a refused request (4xx) at info with its code, path, actor and request id', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const directory = mkdtempSync(join(tmpdir(), 'ledger-log-'));
    const config = loadConfig({ LEDGER_SQLITE_PATH: join(directory, 'ledger.db'), LEDGER_JWT_SECRET: TEST_JWT_SECRET, LEDGER_PROJECTIONS_PATH: ':memory:' });
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const app = await createApp({ config, logger, store: SqliteEventStore.open({ path: config.sqlitePath }), clock: new FixedClock(new Date('2026-01-05T02:00:00Z')) });
    try {
      await app.init();
      const token = harness.token('finance', 'wang.wu');
      const answer = await app.inject({ method: 'POST', url: '/funds', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'req-log-1' }, payload: '{"commandId":"x"}' });
      expect(answer.statusCode).toBe(400);
      expect(lines).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ level: 30, status: 400, code: 'VALIDATION_FAILED', path: '/funds', actor: 'wang.wu', requestId: 'req-log-1', reqId: 'req-log-1' }),
        ]),
      );
      expect(lines.filter((line) => line['code'] === 'VALIDATION_FAILED' && line['level'] !== 30)).toEqual([]);
    } finally {
      await app.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
