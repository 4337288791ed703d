import { randomUUID } from 'node:crypto';
import { signTestJwt, type TestSignOptions } from '../support/test-jwt';
import fc from 'fast-check';
import { ROLES, type Role } from '@ledger/platform';
import { AppHarness, TEST_JWT_SECRET, type HttpAnswer } from '../support/app-harness';
import {
  applyHostile,
  ENDPOINTS,
  hostileFor,
  HOSTILE_FUND,
  HOSTILE_PAYEE,
  insertMember,
  SPARE_PAYEE,
  type EndpointSpec,
} from '../support/hostile-inputs';

/**
 * Issue 6, hostile input: property-based tests against the in-process app on the write endpoints.
 * Malformed JSON, wrong types, huge and tiny numbers, 3+ decimals, exponents, NaN and Infinity, all of
 * Unicode, prototype-pollution keys, unknown fields, over-size and deeply nested bodies, foreign content
 * types, bad or expired tokens and wrong roles. Every answer must be a 4xx problem+json, nothing may be
 * appended (the head position is unchanged after every single request), and the app keeps serving
 * (/health after each property). Finally the unmutated templates are accepted, so each refusal above
 * was caused by the hostile part alone.
 */
const RUNS = Number(process.env['RELIABILITY_FC_RUNS'] ?? 200);
const BODY_LIMIT = 65_536;
const ISSUER = 'yibao-ledger';
const fcOptions = (numRuns = RUNS): fc.Parameters<unknown> => ({
  numRuns,
  interruptAfterTimeLimit: 60_000,
  endOnFailure: false,
});

/** The in-process app with a small body limit, a fund with personal and maternity funds, contribution rates and two hospitals. */
async function startHarness(): Promise<AppHarness> {
  const harness = await AppHarness.start({ env: { LEDGER_BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
  const must = async (path: string, body: Record<string, unknown>, role: Role = 'finance') => {
    const answer = await harness.post(path, body, role);
    if (answer.status !== 201) throw new Error(`setup ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  await must('/funds', { fundId: HOSTILE_FUND, name: '职工统筹', kind: 'employee_pooled', poolingRegion: '泉州市' });
  await must('/funds', { fundId: 'HF-PERSONAL', name: '个人账户', kind: 'employee_personal', poolingRegion: '泉州市' });
  await must('/funds', { fundId: 'HF-MATERNITY', name: '生育', kind: 'maternity', poolingRegion: '泉州市' });
  await must('/contribution-rates', {
    pooledFundId: HOSTILE_FUND,
    personalFundId: 'HF-PERSONAL',
    maternityFundId: 'HF-MATERNITY',
    year: 2026,
    employerRate: '0.086',
    maternityRateOfPayroll: '0.006',
    employeeRate: '0.02',
    personalShareOfEmployerBasic: '0.30',
    baseFloorYuan: '3715.00',
  });
  for (const payeeId of [HOSTILE_PAYEE, SPARE_PAYEE]) {
    await must('/payees', {
      payeeId,
      name: `${payeeId} 医院`,
      type: 'hospital',
      level: 'secondary',
      class: 'general',
      region: '鲤城区',
    });
  }
  await must('/agreements', {
    payeeId: HOSTILE_PAYEE,
    fundId: HOSTILE_FUND,
    agreementId: 'AGR-HH1',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
  });
  await must(
    '/quotas',
    {
      fundId: HOSTILE_FUND,
      payeeId: HOSTILE_PAYEE,
      year: 2026,
      quotaYuan: '36000000.00',
      method: 'manual',
      effectiveDate: '2025-12-20',
    },
    'planner',
  );
  return harness;
}

describe('hostile input on the write endpoints (property-based, in-process app)', () => {
  let harness: AppHarness;
  let prototypeKeys: string[];
  const counts: Record<string, { requests: number; statuses: Record<number, number> }> = {};

  beforeAll(async () => {
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    harness = await startHarness();
  });

  afterAll(async () => {
    console.log(`hostile-input: ${JSON.stringify(counts)}`);
    await harness?.stop();
  });

  /** Sends one request and checks it was refused as `expected` (a status or a range), appending nothing. */
  async function refused(
    property: string,
    method: 'POST',
    path: string,
    options: { role?: Role | null; rawBody?: string; headers?: Record<string, string> },
    expected: number | 'any4xx',
    app: AppHarness = harness,
  ): Promise<void> {
    const before = await app.store.headPosition();
    let answer: HttpAnswer<Record<string, unknown>>;
    try {
      answer = await app.request(method, path, options);
    } catch (error) {
      throw new Error(`${path}: the answer is not JSON (${String(error)})`);
    }
    const after = await app.store.headPosition();
    const tally = (counts[property] ??= { requests: 0, statuses: {} });
    tally.requests += 1;
    tally.statuses[answer.status] = (tally.statuses[answer.status] ?? 0) + 1;
    const contentType = String(answer.headers['content-type'] ?? '');
    const statusOk = expected === 'any4xx' ? answer.status >= 400 && answer.status < 500 : answer.status === expected;
    const problemOk =
      /^application\/problem\+json/.test(contentType) &&
      answer.body['status'] === answer.status &&
      typeof answer.body['code'] === 'string';
    if (!statusOk || !problemOk || after !== before) {
      throw new Error(
        `${path} expected ${expected} problem+json with nothing appended; got ${answer.status} ${contentType} ${JSON.stringify(answer.body).slice(0, 400)}; head ${before} -> ${after}\nbody sent: ${(options.rawBody ?? '').slice(0, 300)}`,
      );
    }
  }

  async function expectStillServing(app: AppHarness = harness): Promise<void> {
    const health = await app.request('GET', '/health', { role: null });
    expect(health.status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }

  const endpoint = fc.constantFrom(...ENDPOINTS);
  const withCommand = (spec: EndpointSpec): Record<string, unknown> => ({
    commandId: randomUUID(),
    ...spec.template(),
  });
  const roleFor = (spec: EndpointSpec): Role => spec.roles[0]!;

  it('refuses a hostile value in any field (wrong type, bad amount, bad date, bad id, Unicode, removal) with 400', async () => {
    const mutation = endpoint.chain((spec) =>
      fc
        .subarray(spec.fields, { minLength: 1, maxLength: 3 })
        .chain((fields) =>
          fc.tuple(
            fc.constant(spec),
            fc.tuple(...fields.map((field) => hostileFor(field).map((hostile) => ({ field, hostile })))),
          ),
        ),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async ([spec, changes]) => {
        const rawBody = applyHostile(withCommand(spec), changes);
        await refused('field values', 'POST', spec.path, { role: roleFor(spec), rawBody }, 400);
      }),
      fcOptions(),
    );
    await expectStillServing();
  });

  it('refuses malformed JSON and JSON that is not an object with 400', async () => {
    const malformed = endpoint.chain((spec) => {
      const text = JSON.stringify(withCommand(spec));
      return fc.tuple(
        fc.constant(spec),
        fc.oneof(
          fc.integer({ min: 0, max: text.length - 1 }).map((cut) => text.slice(0, cut)), // every proper prefix of an object is invalid
          fc.constantFrom('}', 'x', ',{}', ' garbage', '\u0000', ']').map((tail) => text + tail),
          fc.constantFrom(
            'NaN',
            'Infinity',
            '-Infinity',
            'undefined',
            "{'a':1}",
            '{"a":1,}',
            '{"a":01}',
            '{a:1}',
            '{"a":1 /* c */}',
            '{"a":"\\x41"}',
            '{"a":"\u0001"}',
            '{"a":tru}',
            '"\\uD800"',
          ),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc
            .jsonValue({ maxDepth: 3 })
            .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
            .map((value) => JSON.stringify(value) ?? 'null'),
          fc
            .dictionary(
              fc.string({ maxLength: 10 }).filter((k) => !['__proto__', 'constructor'].includes(k)),
              fc.jsonValue({ maxDepth: 2 }),
              { maxKeys: 5 },
            )
            .map((value) => JSON.stringify(value)),
        ),
      );
    });
    await fc.assert(
      fc.asyncProperty(malformed, async ([spec, rawBody]) => {
        await refused('malformed JSON', 'POST', spec.path, { role: roleFor(spec), rawBody }, 400);
      }),
      fcOptions(),
    );
    await expectStillServing();
  });

  it('refuses unknown fields with 400 (never silently dropped)', async () => {
    const extra = fc.tuple(
      endpoint,
      fc.dictionary(
        fc.string({ minLength: 1, maxLength: 20 }).map((k) => `x${k}`),
        fc.jsonValue({ maxDepth: 3 }),
        { minKeys: 1, maxKeys: 3 },
      ),
    );
    await fc.assert(
      fc.asyncProperty(extra, async ([spec, fields]) => {
        const rawBody = JSON.stringify({ ...withCommand(spec), ...fields });
        await refused('unknown fields', 'POST', spec.path, { role: roleFor(spec), rawBody }, 400);
      }),
      fcOptions(),
    );
    await expectStillServing();
  });

  it('refuses prototype-pollution keys (__proto__, constructor.prototype, escaped forms, nested) with 400 and pollutes nothing', async () => {
    const key = fc.constantFrom(
      '"__proto__"',
      '"\\u005f_proto__"',
      '"__proto\\u005f_"',
      '"\\u005F\\u005Fproto\\u005F\\u005F"',
    );
    const payload = fc.oneof(
      fc.constant('{"polluted":"yes"}'),
      fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify({ polluted: value })),
    );
    const member = fc.oneof(
      fc.tuple(key, payload).map(([k, p]) => `${k}:${p}`),
      payload.map((p) => `"constructor":{"prototype":${p}}`),
      payload.map((p) => `"constructor":{"\\u0070rototype":${p}}`),
    );
    const attack = fc.tuple(endpoint, member, fc.nat()).map(([spec, m, pick]) => {
      const text = JSON.stringify(withCommand(spec));
      const objectStarts = [...text].map((c, i) => (c === '{' ? i : -1)).filter((i) => i >= 0); // top level and nested objects
      return [spec, insertMember(text, objectStarts[pick % objectStarts.length]!, m)] as const;
    });
    await fc.assert(
      fc.asyncProperty(attack, async ([spec, rawBody]) => {
        await refused('prototype pollution', 'POST', spec.path, { role: roleFor(spec), rawBody }, 400);
      }),
      fcOptions(),
    );
    await expectStillServing();
  });

  it('refuses bodies over the size limit with 413 BODY_TOO_LARGE', async () => {
    const oversize = fc.tuple(
      endpoint,
      fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 4 }),
      fc.constantFrom('x', '长', '💉'),
    );
    await fc.assert(
      fc.asyncProperty(oversize, async ([spec, size, unit]) => {
        const body = withCommand(spec);
        const text = JSON.stringify(body);
        const padding = unit.repeat(Math.ceil((size - text.length) / Buffer.byteLength(unit)) + 1);
        const rawBody = JSON.stringify({ ...body, name: padding });
        expect(Buffer.byteLength(rawBody)).toBeGreaterThan(BODY_LIMIT);
        await refused('over-size', 'POST', spec.path, { role: roleFor(spec), rawBody }, 413);
      }),
      fcOptions(),
    );
    await expectStillServing();
  });

  it('refuses foreign content types with a 4xx', async () => {
    const contentType = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=xyz',
        'application/xml',
        'text/html',
        'application/octet-stream',
        'application/jsonp',
        'application/vnd.api+json',
        'image/png',
        'text/json',
      ),
      fc
        .tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z]{1,10}$/))
        .filter(([t, s]) => !(t === 'application' && s === 'json'))
        .map(([t, s]) => `${t}/${s}`),
    );
    await fc.assert(
      fc.asyncProperty(endpoint, contentType, async (spec, type) => {
        const rawBody = JSON.stringify(withCommand(spec));
        await refused(
          'content types',
          'POST',
          spec.path,
          { role: roleFor(spec), rawBody, headers: { 'content-type': type } },
          'any4xx',
        );
      }),
      fcOptions(),
    );
    await expectStillServing();
  });

  /**
   * FINDING (fails today): JSON nested ~1,500 levels deep (3 KB, far below the 1 MB body limit) makes
   * class-transformer's recursive plainToInstance in the global ValidationPipe overflow the stack, and
   * the RangeError becomes 500 INTERNAL (nothing is appended; the process survives).
   */
  it('refuses deeply nested JSON (1,000..20,000 levels, within the size limit) with a 4xx, not a 500', async () => {
    // Its own app: a body that is wrongly accepted must not change the state the other properties rely on.
    const app = await startHarness();
    let fresh = 0; // the free-form quota basis goes to a fresh hospital each run, so a 409 cannot mask an acceptance
    try {
      const nested = fc.tuple(
        endpoint,
        fc.integer({ min: 1_000, max: 20_000 }),
        fc.constantFrom('array', 'object'),
        fc.constantFrom('unknown field', 'quota basis'),
      );
      await fc.assert(
        fc.asyncProperty(nested, async ([spec, requestedDepth, shape, where]) => {
          const depth = shape === 'object' ? Math.min(requestedDepth, 10_000) : requestedDepth; // {"a": is 5 bytes a level
          const deep =
            shape === 'array'
              ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
              : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
          let target = spec;
          let body = withCommand(spec);
          if (where === 'quota basis') {
            target = ENDPOINTS.find((e) => e.path === '/quotas')!;
            const payeeId = `HD-${(fresh += 1)}`;
            const registered = await app.post(
              '/payees',
              { payeeId, name: payeeId, type: 'hospital', level: 'primary', class: 'general', region: 'r' },
              'finance',
            );
            expect(registered.status).toBe(201);
            body = { ...withCommand(target), payeeId };
          }
          const rawBody = insertMember(
            JSON.stringify(body),
            0,
            where === 'quota basis' ? `"basis":{"x":${deep}}` : `"xDeep":${deep}`,
          );
          await refused('deep nesting', 'POST', target.path, { role: roleFor(target), rawBody }, 'any4xx', app);
        }),
        fcOptions(Math.min(RUNS, 50)),
      );
      await expectStillServing(app);
    } finally {
      await app.stop();
    }
  });

  it('refuses missing, malformed, forged, expired and otherwise bad tokens with 401', async () => {
    const now = () => Math.floor(Date.now() / 1000);
    const role = fc.constantFrom(...ROLES);
    const sign = (payload: Record<string, unknown>, options: TestSignOptions = {}, secret = TEST_JWT_SECRET) =>
      signTestJwt(payload, secret, { algorithm: 'HS256', ...options });
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const valid = () => sign({ role: 'admin' }, { subject: 'ok', issuer: ISSUER, expiresIn: 3600 });
    const tamper = ([token, segment, index, char]: [string, number, number, string]) => {
      const parts = token.split('.');
      const part = parts[segment]!;
      const at = index % Math.max(1, part.length - 2); // never the last character (its low bits may be padding)
      const replacement = part[at] === char ? (char === 'A' ? 'B' : 'A') : char;
      parts[segment] = part.slice(0, at) + replacement + part.slice(at + 1);
      return parts.join('.');
    };
    const badToken = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._~+/=-]{1,300}$/),
      fc
        .tuple(
          fc.string({ minLength: 32, maxLength: 64 }).filter((s) => s !== TEST_JWT_SECRET),
          role,
        )
        .map(([secret, r]) => sign({ role: r }, { subject: 'x', issuer: ISSUER, expiresIn: 3600 }, secret)),
      fc
        .tuple(role, fc.integer({ min: 10, max: 10_000_000 }))
        .map(([r, ago]) => sign({ role: r, sub: 'x', iss: ISSUER, iat: now() - ago - 3600, exp: now() - ago })),
      fc
        .tuple(
          role,
          fc.string({ maxLength: 30 }).filter((i) => i !== ISSUER),
        )
        .map(([r, issuer]) => sign({ role: r, sub: 'x', iss: issuer, exp: now() + 3600 })),
      role.map((r) => sign({ role: r }, { issuer: ISSUER, expiresIn: 3600 })), // no sub
      fc
        .tuple(role, fc.integer({ min: 129, max: 400 }))
        .map(([r, n]) => sign({ role: r }, { subject: 'x'.repeat(n), issuer: ISSUER, expiresIn: 3600 })),
      fc
        .oneof(
          fc.string({ maxLength: 20 }).filter((r) => !(ROLES as readonly string[]).includes(r)),
          fc.constantFrom<unknown>(1, null, ['admin'], { role: 'admin' }, 'ADMIN', 'admin '),
        )
        .map((r) => sign({ role: r }, { subject: 'x', issuer: ISSUER, expiresIn: 3600 })),
      fc
        .tuple(role, fc.integer({ min: 60, max: 10_000_000 }))
        .map(([r, ahead]) => sign({ role: r, sub: 'x', iss: ISSUER, nbf: now() + ahead, exp: now() + ahead + 3600 })),
      role.map(
        (r) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ role: r, sub: 'x', iss: ISSUER, exp: now() + 3600 })}.`,
      ),
      role.map((r) =>
        signTestJwt({ role: r }, TEST_JWT_SECRET, { algorithm: 'HS512', subject: 'x', issuer: ISSUER, expiresIn: 3600 }),
      ),
      role.map((r) => {
        const [, payload, signature] = sign({ role: r }, { subject: 'x', issuer: ISSUER, expiresIn: 3600 }).split('.');
        return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${payload}.${signature}`;
      }),
      fc
        .tuple(
          fc.constant(valid()),
          fc.constantFrom(1, 2),
          fc.nat(),
          fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
        )
        .map(tamper),
      fc.constant('x'.repeat(9000)),
    );
    const header = fc.oneof(
      { arbitrary: badToken.map((token) => ({ authorization: `Bearer ${token}` })), weight: 8 },
      {
        arbitrary: fc.constantFrom<Record<string, string>>(
          {},
          { authorization: '' },
          { authorization: 'Bearer' },
          { authorization: 'Bearer ' },
          { authorization: `bearer ${valid()}` },
          { authorization: `Bearer  ${valid()}` },
          { authorization: `${valid()}` },
          { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
          { authorization: `Bearer ${valid()} extra` },
          { authorization: `Bearer ${valid()}\u00a0` },
        ),
        weight: 2,
      },
    );
    await fc.assert(
      fc.asyncProperty(endpoint, header, async (spec, headers) => {
        const rawBody = JSON.stringify(withCommand(spec));
        await refused('bad tokens', 'POST', spec.path, { role: null, rawBody, headers }, 401);
      }),
      fcOptions(),
    );
    await expectStillServing();
  });

  /**
   * FINDING (fixed in token-verifier.ts): a token whose header says typ JWT and whose payload is not JSON
   * made jwt.decode throw a SyntaxError outside the verifier's try/catch; the problem filter maps a
   * SyntaxError to 400 MALFORMED_JSON, so such a token got "400 Malformed JSON" (on GETs too) instead of 401.
   */
  it('answers 401, not 400 MALFORMED_JSON, to a token whose payload is not JSON (reads and writes)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    for (const payload of ['not json', '{"role":"admin"', '\u0003"role":"admin"}']) {
      const token = `${header}.${Buffer.from(payload).toString('base64url')}.c2lnbmF0dXJl`;
      const rawBody = JSON.stringify(withCommand(ENDPOINTS[0]!));
      await refused(
        'payload not JSON',
        'POST',
        '/funds',
        { role: null, rawBody, headers: { authorization: `Bearer ${token}` } },
        401,
      );
      const read = await harness.request('GET', '/journal/trial-balance', {
        role: null,
        headers: { authorization: `Bearer ${token}` },
      });
      expect({ payload, status: read.status, code: read.body['code'] }).toEqual({
        payload,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('refuses a valid token of a role the endpoint does not allow with 403 (the auditor writes nothing)', async () => {
    const wrongRole = endpoint.chain((spec) =>
      fc.tuple(fc.constant(spec), fc.constantFrom(...ROLES.filter((r) => r !== 'admin' && !spec.roles.includes(r)))),
    );
    await fc.assert(
      fc.asyncProperty(wrongRole, async ([spec, role]) => {
        const rawBody = JSON.stringify(withCommand(spec));
        await refused('wrong roles', 'POST', spec.path, { role, rawBody }, 403);
      }),
      fcOptions(),
    );
    await expectStillServing();
  });

  it('accepts ids that are names of JavaScript built-ins (__proto__, constructor, ...) and keeps every figure right', async () => {
    const send = async (path: string, body: Record<string, unknown>, role: Role = 'finance') => {
      const answer = await harness.post<{ position: string }>(path, body, role);
      expect({ path, status: answer.status, body: answer.status === 201 ? null : answer.body }).toEqual({
        path,
        status: 201,
        body: null,
      });
      return answer.body.position;
    };
    let last = '0';
    for (const [fundId, payeeId] of [
      ['__proto__', 'constructor'],
      ['prototype', 'hasOwnProperty'],
      ['toString', 'valueOf'],
    ] as const) {
      await send('/funds', { fundId, name: fundId, kind: 'employee_pooled', poolingRegion: 'r' });
      await send('/payees', {
        payeeId,
        name: payeeId,
        type: 'hospital',
        level: 'primary',
        class: 'general',
        region: 'r',
      });
      await send('/agreements', {
        payeeId,
        fundId,
        agreementId: `A-${payeeId}`,
        validFrom: '2026-01-01',
        validTo: '2026-12-31',
      });
      await send(
        '/quotas',
        { fundId, payeeId, year: 2026, quotaYuan: '1000.00', method: 'manual', effectiveDate: '2025-12-20' },
        'planner',
      );
      last = await send('/prepayments', {
        fundId,
        payeeId,
        year: 2026,
        month: 1,
        grossYuan: '100.01',
        effectiveDate: '2026-01-01',
      });
      const view = await harness.get<{ prepayments: { grossYuan: string } }>(
        `/hospital-budgets/${fundId}/${payeeId}/2026`,
      );
      expect(view.body.prepayments.grossYuan).toBe('100.01');
      const projected = await harness.get<{ prepayments: { grossYuan: string } }>(
        `/hospital-budgets/${fundId}/${payeeId}/2026/projection?minPosition=${last}`,
      );
      expect(projected.body.prepayments?.grossYuan).toBe('100.01');
    }
    for (const path of [
      '/journal/trial-balance',
      '/hospital-budgets/summary?year=2026&limit=200',
      '/fund-balances?year=2026',
      '/fund-balances/__proto__?year=2026',
      '/journal/accounts?fundId=constructor',
    ]) {
      const sep = path.includes('?') ? '&' : '?';
      const live = await harness.get(`${path}${sep}minPosition=${last}`);
      const replayed = await harness.get(`${path}${sep}asOf=${last}`);
      expect({ path, status: live.status }).toEqual({ path, status: 200 });
      expect({ path, body: { ...live.body, asOf: null } }).toEqual({ path, body: { ...replayed.body, asOf: null } });
    }
    const trial = await harness.get<{ ok: boolean; total: { balanceYuan: string } }>(
      `/journal/trial-balance?minPosition=${last}`,
    );
    expect(trial.body).toMatchObject({ ok: true, total: { balanceYuan: '0.00' } });
    await expectStillServing();
  });

  it('accepts every unmutated template, so each refusal above came from the hostile part alone', async () => {
    const statuses: Record<string, number> = {};
    for (const spec of ENDPOINTS) {
      const answer = await harness.request('POST', spec.path, {
        role: roleFor(spec),
        rawBody: JSON.stringify(withCommand(spec)),
      });
      statuses[spec.path] = answer.status;
    }
    expect(statuses).toEqual(Object.fromEntries(ENDPOINTS.map((spec) => [spec.path, 201])));
    await expect(harness.get('/audit/verify')).resolves.toMatchObject({ status: 200, body: { ok: true } });
  });
});
