import type { ICommand } from '@nestjs/cqrs';
import type { JsonObject } from '@ledger/event-store';
import { Decimal, sum, yuan } from '@ledger/money';
import type { CommandEnvelope, Role } from '@ledger/platform';
import { RegisterFundCommand } from '@ledger/fund-ledger/registry/register-fund/register-fund.command';
import { RegisterFundRequest } from '@ledger/fund-ledger/registry/register-fund/register-fund.request.dto';
import { RegisterPayeeCommand } from '@ledger/fund-ledger/registry/register-payee/register-payee.command';
import { RegisterPayeeRequest } from '@ledger/fund-ledger/registry/register-payee/register-payee.request.dto';
import { SignAgreementCommand } from '@ledger/fund-ledger/registry/sign-agreement/sign-agreement.command';
import { SignAgreementRequest } from '@ledger/fund-ledger/registry/sign-agreement/sign-agreement.request.dto';
import { SetContributionRatesCommand } from '@ledger/fund-ledger/contributions/set-contribution-rates/set-contribution-rates.command';
import { SetContributionRatesRequest } from '@ledger/fund-ledger/contributions/set-contribution-rates/set-contribution-rates.request.dto';
import { CollectPayrollContributionCommand } from '@ledger/fund-ledger/contributions/collect-payroll-contribution/collect-payroll-contribution.command';
import { CollectPayrollContributionRequest } from '@ledger/fund-ledger/contributions/collect-payroll-contribution/collect-payroll-contribution.request.dto';
import { CollectContributionCommand } from '@ledger/fund-ledger/contributions/collect-contribution/collect-contribution.command';
import { CollectContributionRequest } from '@ledger/fund-ledger/contributions/collect-contribution/collect-contribution.request.dto';
import { SetQuotaCommand } from '@ledger/fund-ledger/hospital-budget/set-quota/set-quota.command';
import { SetQuotaRequest } from '@ledger/fund-ledger/hospital-budget/set-quota/set-quota.request.dto';
import { CloseFundYearCommand } from '@ledger/fund-ledger/fund-close/close-fund-year/close-fund-year.command';
import { ApproveFundBudgetCommand } from '@ledger/fund-ledger/allocation/approve-fund-budget/approve-fund-budget.command';
import { ApproveFundBudgetRequest } from '@ledger/fund-ledger/allocation/approve-fund-budget/approve-fund-budget.request.dto';
import { CommitAllocationRunCommand } from '@ledger/fund-ledger/allocation/commit-allocation-run/commit-allocation-run.command';
import type { AllocationRunRequestBody } from '@ledger/fund-ledger/allocation/allocation-run.body';
import {
  DEMO_SEED,
  DEMO_YEAR,
  FUNDS,
  POOLING_REGION,
  RESIDENTS,
  type DemoEmployer,
  demoEmployers,
  demoHospitals,
  demoQuota,
  seededRandom,
} from './demo-city';
import { hospitalYearLane, type HospitalYearPlan } from './demo-hospital-year';

/** One command of the demo: its stable key (the command id derives from it), who sends it, its body. */
export interface DemoStep {
  readonly key: string;
  readonly role: Role;
  readonly effectiveDate: string;
  /** The request as a client would send it, without commandId. */
  readonly body: JsonObject;
  /** Validated as the HTTP pipe validates (whitelist, unknown fields refused); batch bodies are not DTOs. */
  readonly dto?: new () => object;
  readonly command: (envelope: CommandEnvelope, request: never) => ICommand;
}

/** Steps in order; the lanes of a phase are independent streams and may run side by side. */
export interface DemoPhase {
  readonly name: string;
  readonly lanes: readonly (readonly DemoStep[])[];
}

export interface DemoPlan {
  readonly phases: readonly DemoPhase[];
  readonly hospitals: number;
  readonly hospitalYears: readonly HospitalYearPlan[];
  readonly funds: readonly string[];
  readonly nextYearPoolYuan: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const Y = DEMO_YEAR;
const step = (s: DemoStep): DemoStep => s;
const dtoCommand =
  <R>(make: (envelope: CommandEnvelope, request: R) => ICommand) =>
  (envelope: CommandEnvelope, request: never): ICommand =>
    make(envelope, request as R);

export function demoPlan(): DemoPlan {
  const random = seededRandom(DEMO_SEED);
  const hospitals = demoHospitals();
  const employers = demoEmployers(random);
  const hospitalYears: HospitalYearPlan[] = [];
  for (const h of hospitals) {
    for (const fundId of h.funds) hospitalYears.push({ hospital: h, fundId, quota: demoQuota(random, fundId, h.level) });
  }
  const funds = Object.values(FUNDS).map((f) =>
    step({
      key: `fund:${f.fundId}`,
      role: 'finance',
      effectiveDate: `${Y - 1}-12-01`,
      body: { fundId: f.fundId, name: f.name, kind: f.kind, poolingRegion: POOLING_REGION },
      dto: RegisterFundRequest,
      command: dtoCommand<RegisterFundRequest>((e, r) => new RegisterFundCommand(e, r)),
    }),
  );
  const registry = hospitals.map((h) => [
    step({
      key: `payee:${h.payeeId}`,
      role: 'finance',
      effectiveDate: `${Y - 1}-12-02`,
      body: { payeeId: h.payeeId, name: h.name, type: 'hospital', level: h.level, class: h.class, region: h.region },
      dto: RegisterPayeeRequest,
      command: dtoCommand<RegisterPayeeRequest>((e, r) => new RegisterPayeeCommand(e, r)),
    }),
    ...h.funds.map((fundId) =>
      step({
        key: `agreement:${h.payeeId}:${fundId}`,
        role: 'finance',
        effectiveDate: `${Y - 1}-12-10`,
        body: { payeeId: h.payeeId, agreementId: `AGR-${fundId}-${h.payeeId}`, fundId, validFrom: `${Y}-01-01`, validTo: `${Y + 1}-12-31` },
        dto: SignAgreementRequest,
        command: dtoCommand<SignAgreementRequest>((e, r) => new SignAgreementCommand(e, r)),
      }),
    ),
  ]);
  const quotas = hospitalYears.map((hy) => [quotaStep(hy)]);
  const year = [
    // One lane a month: every employer's payroll of a month lands in the same contributions stream.
    ...Array.from({ length: 12 }, (_, i) => employers.map((employer) => payrollStep(employer, i + 1))),
    residentLane(),
    ...hospitalYears.map((hy, index) => hospitalYearLane(hy, index, random)),
  ];
  const closes = [FUNDS.employeePooled.fundId, FUNDS.residentPooled.fundId].map((fundId) => [closeStep(fundId, hospitalYears)]);
  const pool = nextYearPool(hospitalYears);
  return {
    phases: [
      { name: 'funds', lanes: [funds] },
      { name: 'hospitals and agreements', lanes: registry },
      { name: 'contribution rates', lanes: [[ratesStep()]] },
      { name: 'quotas', lanes: quotas },
      { name: `the year ${Y}`, lanes: year },
      { name: 'year-end close', lanes: closes },
      { name: `budget and allocation ${Y + 1}`, lanes: [nextYearSteps(pool, hospitalYears)] },
    ],
    hospitals: hospitals.length,
    hospitalYears,
    funds: Object.values(FUNDS).map((f) => f.fundId),
    nextYearPoolYuan: yuan(pool),
  };
}

function ratesStep(): DemoStep {
  // WE-7: 8.6 % employer of which 0.6 % maternity, 2 % employee, 30 % of the employer's basic part to the personal account.
  return step({
    key: `contribution-rates:${Y}`,
    role: 'finance',
    effectiveDate: `${Y - 1}-12-15`,
    body: {
      pooledFundId: FUNDS.employeePooled.fundId,
      personalFundId: FUNDS.employeePersonal.fundId,
      maternityFundId: FUNDS.maternity.fundId,
      year: Y,
      employerRate: '0.086',
      maternityRateOfPayroll: '0.006',
      employeeRate: '0.02',
      personalShareOfEmployerBasic: '0.30',
      baseFloorYuan: '3715.00',
    },
    dto: SetContributionRatesRequest,
    command: dtoCommand<SetContributionRatesRequest>((e, r) => new SetContributionRatesCommand(e, r)),
  });
}

function quotaStep(hy: HospitalYearPlan): DemoStep {
  return step({
    key: `quota:${hy.fundId}:${hy.hospital.payeeId}:${Y}`,
    role: 'planner',
    effectiveDate: `${Y - 1}-12-20`,
    body: { fundId: hy.fundId, payeeId: hy.hospital.payeeId, year: Y, quotaYuan: yuan(hy.quota), method: 'manual' },
    dto: SetQuotaRequest,
    command: dtoCommand<SetQuotaRequest>((e, r) => new SetQuotaCommand(e, r)),
  });
}

function payrollStep({ employerId, headcount, monthlyBaseYuan }: DemoEmployer, month: number): DemoStep {
  return step({
    key: `payroll:${employerId}:${Y}-${pad(month)}`,
    role: 'finance',
    effectiveDate: `${Y}-${pad(month)}-15`,
    body: { employerId, pooledFundId: FUNDS.employeePooled.fundId, period: `${Y}-${pad(month)}`, declaredBaseYuan: monthlyBaseYuan, headcount },
    dto: CollectPayrollContributionRequest,
    command: dtoCommand<CollectPayrollContributionRequest>((e, r) => new CollectPayrollContributionCommand(e, r)),
  });
}

/**
 * The resident fund's income: individual contributions collected in the spring (this year's cover) and from
 * September (next year's cover, R-FIN-12), and the central, provincial and municipal subsidies.
 */
function residentLane(): DemoStep[] {
  const fundId = FUNDS.residentPooled.fundId;
  const individualYuan = new Decimal(RESIDENTS.individualPerPersonYuan).times(RESIDENTS.insured);
  const subsidyYuan = new Decimal(RESIDENTS.subsidyPerPersonYuan).times(RESIDENTS.insured);
  const collect = (key: string, month: number, body: JsonObject): DemoStep =>
    step({
      key: `resident:${key}:${Y}-${pad(month)}`,
      role: 'finance',
      effectiveDate: `${Y}-${pad(month)}-25`,
      body: { fundId, period: `${Y}-${pad(month)}`, ...body },
      dto: CollectContributionRequest,
      command: dtoCommand<CollectContributionRequest>((e, r) => new CollectContributionCommand(e, r)),
    });
  const spring = [0.5, 0.3, 0.2].map((share, i) => collect('individual', i + 1, { source: 'individual', amountYuan: yuan(individualYuan.times(share)) }));
  const autumn = [0.4, 0.3, 0.2, 0.1].map((share, i) => collect('individual', i + 9, { source: 'individual', amountYuan: yuan(individualYuan.times(share)) }));
  const subsidies = (
    [
      ['central', 3, '0.55'],
      ['provincial', 6, '0.25'],
      ['municipal', 9, '0.20'],
    ] as const
  ).map(([level, month, share]) =>
    collect(`subsidy-${level}`, month, { source: 'government_subsidy', subsidyLevel: level, amountYuan: yuan(subsidyYuan.times(share)) }),
  );
  return [...spring, ...subsidies, ...autumn].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
}

function closeStep(fundId: string, hospitalYears: readonly HospitalYearPlan[]): DemoStep {
  const payeeIds = hospitalYears.filter((hy) => hy.fundId === fundId).map((hy) => hy.hospital.payeeId);
  return step({
    key: `close:${fundId}:${Y}`,
    role: 'finance',
    effectiveDate: `${Y + 1}-01-20`,
    body: { fundId, year: Y, payeeIds },
    command: (envelope, body: never) => new CloseFundYearCommand(envelope, { fundId, year: Y, payeeIds: (body as { payeeIds: string[] }).payeeIds }),
  });
}

/** Next year's pool for quotas: this year's employee-fund quotas plus 4 %, in whole 万元. */
function nextYearPool(hospitalYears: readonly HospitalYearPlan[]): Decimal {
  const quotas = sum(hospitalYears.filter((hy) => hy.fundId === FUNDS.employeePooled.fundId).map((hy) => hy.quota));
  return quotas.times('1.04').div(10_000).toDecimalPlaces(0).times(10_000);
}

function nextYearSteps(pool: Decimal, hospitalYears: readonly HospitalYearPlan[]): DemoStep[] {
  const fundId = FUNDS.employeePooled.fundId;
  const reserve = pool.times('0.05').toDecimalPlaces(0);
  const earmark = new Decimal('20000000');
  const budget = step({
    key: `fund-budget:${fundId}:${Y + 1}`,
    role: 'planner',
    effectiveDate: `${Y + 1}-01-22`,
    body: {
      fundId,
      year: Y + 1,
      totalForQuotasYuan: yuan(pool),
      basis: {
        projectedIncomeYuan: yuan(pool.plus(reserve).plus(earmark)),
        reserveYuan: yuan(reserve),
        excludedEarmarks: [{ name: '单病种定额', amountYuan: yuan(earmark) }],
      },
    },
    dto: ApproveFundBudgetRequest,
    command: dtoCommand<ApproveFundBudgetRequest>((e, r) => new ApproveFundBudgetCommand(e, r)),
  });
  // Next year's quotas from this year's settled actuals (historyFrom ledger), as a share of the pool.
  const run: AllocationRunRequestBody = {
    fundId,
    year: Y + 1,
    method: 'share_of_history',
    methodVersion: 'v1',
    historyFrom: 'ledger',
    hospitals: hospitalYears.filter((hy) => hy.fundId === fundId).map((hy) => ({ payeeId: hy.hospital.payeeId })),
  };
  const allocation = step({
    key: `allocation-run:${fundId}:${Y + 1}:v1`,
    role: 'planner',
    effectiveDate: `${Y + 1}-01-25`,
    body: run as unknown as JsonObject,
    command: (envelope) => new CommitAllocationRunCommand(envelope, { ...run, effectiveDate: `${Y + 1}-01-25` }),
  });
  return [budget, allocation];
}
