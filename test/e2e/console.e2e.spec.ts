import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mintToken, type Role } from '@ledger/platform';
import { formatPercent, formatYuan } from '../../apps/console/src/format/money';
import { ServiceProcess } from '../support/service-process';

/**
 * The web console in a real browser (Debian's Chromium driven by playwright-core) against the real service
 * on a fresh store seeded through the API: figures on screen equal the API's, roles show and hide write
 * actions, and the one as-of control changes what every screen shows. Screenshots: test/output/console/.
 */
const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '../..');
const CONSOLE_INDEX = join(ROOT, 'dist/console/index.html');
const SHOTS = join(ROOT, 'test/output/console');
const SECRET = 'console-e2e-secret-0123456789abcdef012345';
const FUND = 'RES-POOLED';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`console browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk)`);
const describeInBrowser = haveChromium ? describe : describe.skip;

const token = (role: Role, actor = `e2e.${role}`) => mintToken(SECRET, 'yibao-ledger', actor, role);

async function call<T = Record<string, unknown>>(service: ServiceProcess, method: 'GET' | 'POST', path: string, role: Role, body?: object): Promise<{ status: number; body: T }> {
  const response = await fetch(`${service.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token(role)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify({ commandId: randomUUID(), ...body }) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Seeds one fund-year through the API (the README's finance month, shortened); returns the position before the settlements. */
async function seed(service: ServiceProcess): Promise<string> {
  const post = async (role: Role, path: string, body: object) => {
    const answer = await call<{ position: string }>(service, 'POST', path, role, body);
    if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.position;
  };
  await post('finance', '/funds', { fundId: FUND, name: '城乡居民基本医疗保险统筹基金', kind: 'resident_pooled', poolingRegion: '泉州市' });
  for (const [payeeId, name] of [['H-001', '泉州市第一医院'], ['H-002', '丰泽区中医院']] as const) {
    await post('finance', '/payees', { payeeId, name, type: 'hospital', level: 'secondary', class: 'general', region: '鲤城区' });
    await post('finance', '/agreements', { payeeId, agreementId: `AGR-${payeeId}-2025`, fundId: FUND, validFrom: '2025-01-01', validTo: '2025-12-31' });
  }
  await post('planner', '/quotas', { fundId: FUND, payeeId: 'H-001', year: 2025, quotaYuan: '36000000.00', method: 'manual', effectiveDate: '2025-01-02' });
  await post('planner', '/quotas', { fundId: FUND, payeeId: 'H-002', year: 2025, quotaYuan: '12000000.00', method: 'manual', effectiveDate: '2025-01-02' });
  await post('finance', '/contributions', { fundId: FUND, source: 'government_subsidy', subsidyLevel: 'municipal', amountYuan: '30000000.00', period: '2025-01', effectiveDate: '2025-01-08' });
  await post('finance', '/prepayments', { fundId: FUND, payeeId: 'H-001', year: 2025, month: 1, grossYuan: '3000000.00', effectiveDate: '2025-01-10' });
  const beforeSettlements = await post('finance', '/prepayments', { fundId: FUND, payeeId: 'H-002', year: 2025, month: 1, grossYuan: '1000000.00', effectiveDate: '2025-01-10' });
  await post('finance', '/settlements', { fundId: FUND, payeeId: 'H-001', year: 2025, month: 1, claimedYuan: '3166666.67', refusals: [{ ruleId: 'R-ENF-7', caseRef: 'ZY-2025-000123', baseYuan: '8000.00', multiplier: '2', includesBase: false }], effectiveDate: '2025-02-05' });
  await post('finance', '/settlements', { fundId: FUND, payeeId: 'H-002', year: 2025, month: 1, claimedYuan: '1050000.00', refusals: [], effectiveDate: '2025-02-06' });
  return beforeSettlements;
}

describeInBrowser('web console in Chromium (apps/console served at /console)', () => {
  let dir: string;
  let service: ServiceProcess;
  let browser: Browser;
  let beforeSettlements: string;

  beforeAll(async () => {
    if (!existsSync(CONSOLE_INDEX)) {
      execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    }
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'ledger-console-'));
    service = await ServiceProcess.start({ LEDGER_SQLITE_PATH: join(dir, 'ledger.db'), LEDGER_JWT_SECRET: SECRET, LEDGER_LOG_LEVEL: 'warn' });
    beforeSettlements = await seed(service);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh browser context (its own sessionStorage), signed in by pasting a token, or through the dev form. */
  async function signedIn(how: { paste: Role } | 'dev-finance', path: string): Promise<Page> {
    const context = await browser.newContext({ timezoneId: 'Asia/Shanghai', locale: 'zh-CN', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    (page as Page & { errors?: string[] }).errors = errors;
    await page.goto(`${service.url}/console${path}`);
    if (how === 'dev-finance') {
      await page.getByTestId('dev-mint').click();
    } else {
      await page.getByTestId('token-input').fill(token(how.paste, `e2e.${how.paste}`));
      await page.getByTestId('token-sign-in').click();
    }
    await page.getByTestId('principal').waitFor();
    return page;
  }

  async function waitForLive(target: ServiceProcess): Promise<void> {
    for (let i = 0; i < 200; i += 1) {
      if (await fetch(`${target.url}/health/live`).then((r) => r.ok, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`production service not live: ${target.stderr}`);
  }

  const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent())?.trim();

  async function waitForText(page: Page, testId: string, expected: string): Promise<void> {
    await page.getByTestId(testId).filter({ hasText: expected }).first().waitFor({ timeout: 15_000 });
  }

  /** Exactly n elements with the test id: the nth-1 is there and the nth is not (counts go down as well as up). */
  async function waitForCount(page: Page, testId: string, n: number): Promise<void> {
    if (n > 0) await page.getByTestId(testId).nth(n - 1).waitFor({ timeout: 15_000 });
    await page.getByTestId(testId).nth(n).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.getByTestId(testId).count()).toBe(n);
  }

  it('has a dev-token endpoint outside production only (404 under NODE_ENV=production)', async () => {
    const minted = await fetch(`${service.url}/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'auditor', actor: 'li.si' }) });
    expect(minted.status).toBe(200);
    const { token: devToken } = (await minted.json()) as { token: string };
    expect((await fetch(`${service.url}/fund-balances`, { headers: { authorization: `Bearer ${devToken}` } })).status).toBe(200);
    // Liveness, not readiness: only the route table matters here.
    const production = await ServiceProcess.start({ NODE_ENV: 'production', LEDGER_SQLITE_PATH: join(dir, 'prod.db'), LEDGER_JWT_SECRET: SECRET, LEDGER_LOG_LEVEL: 'warn' }, { waitForHealth: false });
    try {
      await waitForLive(production);
      const refused = await fetch(`${production.url}/dev/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'admin', actor: 'x' }) });
      expect(refused.status).toBe(404);
      expect((await fetch(`${production.url}/console/`)).status).toBe(200);
    } finally {
      await production.kill('SIGTERM');
    }
  });

  it('fund overview: the month on screen equals the API (finance signs in with a dev token and sees its write action)', async () => {
    const api = (await call<{ months: Array<{ month: string; expenditureYuan: string; cumulativeBalanceYuan: string }>; totals: { monthsCovered: string } }>(service, 'GET', `/fund-balances/${FUND}?year=2025`, 'auditor')).body;
    const february = api.months.find((m) => m.month === '2025-02');
    const page = await signedIn('dev-finance', `/funds?fund=${FUND}&year=2025`);
    await waitForText(page, 'month-2025-02-expenditureYuan', formatYuan(february?.expenditureYuan));
    expect(await text(page, 'month-2025-02-expenditureYuan')).toBe(formatYuan(february?.expenditureYuan));
    expect(await text(page, 'month-2025-02-cumulativeBalanceYuan')).toBe(formatYuan(february?.cumulativeBalanceYuan));
    expect(await text(page, 'months-covered')).toContain(api.totals.monthsCovered);
    expect(await page.getByTestId('action-contribution').count()).toBe(1);
    await page.getByTestId('fund-chart').locator('canvas').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'fund-overview.png'), fullPage: true });
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it("hospitals: a hospital's execution % equals the API's; the hospital-year page shows its timeline", async () => {
    const api = (await call<{ items: Array<{ payeeId: string; executionPercent: string }> }>(service, 'GET', `/hospital-budgets/summary?fundId=${FUND}&year=2025`, 'auditor')).body;
    const h1 = api.items.find((row) => row.payeeId === 'H-001');
    const page = await signedIn({ paste: 'planner' }, `/hospitals?fund=${FUND}&year=2025`);
    await waitForText(page, 'execution-H-001', formatPercent(h1?.executionPercent));
    expect(await text(page, 'execution-H-001')).toBe(formatPercent(h1?.executionPercent));
    expect(await page.getByTestId('action-quota').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'hospitals.png'), fullPage: true });
    await page.getByTestId('open-H-001').click();
    const events = (await call<{ events: unknown[] }>(service, 'GET', `/hospital-budgets/${FUND}/H-001/2025/events`, 'auditor')).body.events;
    await waitForCount(page, 'timeline-event', events.length);
    expect(await page.getByTestId('settlements-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'hospital-year.png'), fullPage: true });
    await page.context().close();
  });

  it('an auditor sees no write action on any screen, and runs verify', async () => {
    const page = await signedIn({ paste: 'auditor' }, `/funds?fund=${FUND}&year=2025`);
    await page.getByTestId('months-table').waitFor();
    expect(await page.locator('[data-write-action]').count()).toBe(0);
    await page.goto(`${service.url}/console/hospitals?fund=${FUND}&year=2025`);
    await page.getByTestId('hospital-table').waitFor();
    expect(await page.locator('[data-write-action]').count()).toBe(0);
    await page.goto(`${service.url}/console/hospitals/${FUND}/H-001/2025`);
    await page.getByTestId('timeline-event').first().waitFor();
    expect(await page.locator('[data-write-action]').count()).toBe(0);
    await page.goto(`${service.url}/console/audit?stream=budget-${FUND}.H-001.2025`);
    await page.getByTestId('verify').click();
    const verify = (await call<{ eventsChecked: number }>(service, 'GET', `/audit/verify?stream=budget-${FUND}.H-001.2025`, 'auditor')).body;
    await waitForText(page, 'verify-result', `${verify.eventsChecked}`);
    expect(await text(page, 'verify-result')).toContain('哈希链完整');
    expect(await page.getByTestId('timeline-event').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-write-action]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true });
    await page.context().close();
  });

  it('the as-of control changes what every screen shows (a position before the settlements)', async () => {
    const asOf = (path: string) => call<Record<string, unknown>>(service, 'GET', path, 'auditor').then((a) => a.body);
    const pastFund = (await asOf(`/fund-balances/${FUND}?year=2025&asOf=${beforeSettlements}`)) as { months: unknown[]; totals: { expenditureYuan: string } };
    const liveFund = (await asOf(`/fund-balances/${FUND}?year=2025`)) as { months: unknown[]; totals: { expenditureYuan: string } };
    const pastSummary = (await asOf(`/hospital-budgets/summary?fundId=${FUND}&year=2025&asOf=${beforeSettlements}`)) as { items: Array<{ payeeId: string; executionPercent: string }> };
    const liveSummary = (await asOf(`/hospital-budgets/summary?fundId=${FUND}&year=2025`)) as { items: Array<{ payeeId: string; executionPercent: string }> };
    const pastExpenditure = formatYuan(pastFund.totals.expenditureYuan);
    expect(pastExpenditure).not.toBe(formatYuan(liveFund.totals.expenditureYuan));
    const pastExecution = formatPercent(pastSummary.items.find((r) => r.payeeId === 'H-001')?.executionPercent);
    expect(pastExecution).not.toBe(formatPercent(liveSummary.items.find((r) => r.payeeId === 'H-001')?.executionPercent));

    const page = await signedIn({ paste: 'finance' }, `/funds?fund=${FUND}&year=2025`);
    await waitForText(page, 'total-expenditure', formatYuan(liveFund.totals.expenditureYuan));
    expect(await page.getByTestId('months-table').locator('tbody tr.ant-table-row').count()).toBe(liveFund.months.length);
    await page.getByTestId('as-of-control').getByText('按日志位置').click();
    await page.getByTestId('as-of-position').fill(beforeSettlements);
    await page.getByTestId('as-of-apply').click();
    await page.getByTestId('as-of-active').waitFor();
    await waitForText(page, 'total-expenditure', pastExpenditure);
    expect(await page.getByTestId('months-table').locator('tbody tr.ant-table-row').count()).toBe(pastFund.months.length);
    expect(await page.getByTestId('action-contribution').isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'fund-overview-as-of.png'), fullPage: true });

    await page.getByRole('menuitem', { name: '定点医疗机构' }).click();
    await waitForText(page, 'execution-H-001', pastExecution);
    expect(await text(page, 'execution-H-001')).toBe(pastExecution);
    await page.getByTestId('open-H-001').click();
    const pastEvents = ((await asOf(`/hospital-budgets/${FUND}/H-001/2025/events`)) as { events: Array<{ position: string }> }).events.filter((e) => BigInt(e.position) <= BigInt(beforeSettlements));
    await waitForCount(page, 'timeline-event', pastEvents.length);
    expect(await page.getByTestId('settlements-table').locator('tbody tr.ant-table-row').count()).toBe(0);
    await page.getByRole('menuitem', { name: '审计' }).click();
    await page.getByTestId('stream-input').fill(`budget-${FUND}.H-001.2025`);
    await page.getByTestId('stream-browse').click();
    await waitForCount(page, 'timeline-event', pastEvents.length);
    expect(await page.getByTestId('as-of-banner').isVisible()).toBe(true);
    await page.context().close();
  });
});
