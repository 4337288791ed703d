import type { JsonObject } from '@ledger/event-store';
import { CommandPipeline, type CommandResult } from '@ledger/platform';
import { onStream } from '@ledger/fund-ledger/application/stream-target';
import type { RegistryLookups } from '@ledger/fund-ledger/registry/registry-lookups';
import type { BudgetPolicyService } from '@ledger/fund-ledger/budget-policy/budget-policy.service';
import { fundDecider, payeeDecider } from '@ledger/fund-ledger/registry/registry.decider';
import { fundStream, payeeStream } from '@ledger/fund-ledger/registry/registry.events';
import { fundEvolver, payeeEvolver } from '@ledger/fund-ledger/registry/registry.streams';
import { budgetEvolver } from '@ledger/fund-ledger/hospital-budget/hospital-budget.streams';
import {
  budgetStreamName,
  hospitalBudgetDecider,
  type HospitalBudgetCommand,
} from '@ledger/fund-ledger/hospital-budget';
import { benchEnvelope } from './domain';
import { pool } from './measure';

export const FUND = 'EMP-POOLED';
export const payeeId = (index: number): string => `H${String(index + 1).padStart(5, '0')}`;
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Business dates the deciders accept: prepay on the 1st of the month, settle on the 10th of the next. */
export const prepayDate = (year: number, month: number): string => `${year}-${pad2(month)}-01`;
export const settleDate = (year: number, month: number): string =>
  month === 12 ? `${year + 1}-01-10` : `${year}-${pad2(month + 1)}-10`;

export const AGREEMENT = { validFrom: '2024-01-01', validTo: '2026-12-31' };

/** The request bodies the HTTP endpoints take (and the envelope body the pipeline hashes). */
export const bodies = {
  fund: (): JsonObject => ({ fundId: FUND, name: '职工统筹基金', kind: 'employee_pooled', poolingRegion: '泉州市' }),
  payee: (i: number): JsonObject => ({
    payeeId: payeeId(i),
    name: `医院 ${i + 1}`,
    type: 'hospital',
    level: 'tertiary',
    class: 'general',
    region: '鲤城区',
  }),
  agreement: (i: number): JsonObject => ({
    payeeId: payeeId(i),
    agreementId: `AGR-${payeeId(i)}`,
    fundId: FUND,
    ...AGREEMENT,
  }),
  quota: (i: number, year: number): JsonObject => ({
    fundId: FUND,
    payeeId: payeeId(i),
    year,
    quotaYuan: '12000000.00',
    method: 'manual',
    effectiveDate: `${year - 1}-12-15`,
  }),
  prepayment: (i: number, year: number, month: number): JsonObject => ({
    fundId: FUND,
    payeeId: payeeId(i),
    year,
    month,
    grossYuan: '900000.00',
    effectiveDate: prepayDate(year, month),
  }),
  settlement: (i: number, year: number, month: number): JsonObject => ({
    fundId: FUND,
    payeeId: payeeId(i),
    year,
    month,
    claimedYuan: `${950000 + ((i * 37 + month * 11) % 90000)}.00`,
    refusals: [],
    effectiveDate: settleDate(year, month),
  }),
};

/**
 * What the hospital-budget handlers do (they are being wired by others): read the agreement and the policy
 * in force from their streams, build the decider's command, run it through the command pipeline
 * (idempotency record, load + fold, decide, append with the exact revision).
 */
export class DirectCommands {
  /**
   * The app's own lookups when the bench runs inside it (prepayments and settlements need them); setup
   * that only registers and sets quotas (B5's seed, B8) passes the pipeline alone.
   */
  constructor(
    readonly pipeline: CommandPipeline,
    private readonly registry?: RegistryLookups,
    private readonly policyReads?: BudgetPolicyService,
  ) {}

  get lookups(): RegistryLookups {
    if (this.registry === undefined) throw new Error('DirectCommands needs RegistryLookups for payments');
    return this.registry;
  }

  get policies(): BudgetPolicyService {
    if (this.policyReads === undefined) throw new Error('DirectCommands needs BudgetPolicyService for payments');
    return this.policyReads;
  }

  registerFund(): Promise<CommandResult> {
    const body = bodies.fund();
    const command = { type: 'RegisterFund' as const, data: body as never };
    return this.pipeline.handle(
      benchEnvelope(body, '2024-01-01'),
      onStream(fundStream(FUND), fundEvolver, command.type),
      (state, input) => fundDecider.decide(command, state, input),
    );
  }

  async registerPayee(i: number): Promise<void> {
    const payee = bodies.payee(i);
    const register = { type: 'RegisterPayee' as const, data: payee as never };
    await this.pipeline.handle(
      benchEnvelope(payee, '2024-01-01'),
      onStream(payeeStream(payeeId(i)), payeeEvolver, register.type),
      (state, input) => payeeDecider.decide(register, state, input),
    );
    const agreement = bodies.agreement(i);
    const sign = { type: 'SignAgreement' as const, data: agreement as never };
    await this.pipeline.handle(
      benchEnvelope(agreement, '2024-01-01'),
      onStream(payeeStream(payeeId(i)), payeeEvolver, sign.type),
      (state, input) => payeeDecider.decide(sign, state, input),
    );
  }

  setQuota(i: number, year: number): Promise<CommandResult> {
    const body = bodies.quota(i, year);
    const command: HospitalBudgetCommand = {
      type: 'SetQuota',
      fundId: FUND,
      payeeId: payeeId(i),
      year,
      quotaYuan: body['quotaYuan'] as string,
      method: 'manual',
    };
    return this.budget(command, body, body['effectiveDate'] as string, 'planner');
  }

  async prepay(i: number, year: number, month: number): Promise<CommandResult> {
    const body = bodies.prepayment(i, year, month);
    const [agreement, policy] = await Promise.all([this.agreementFact(i), this.policies.snapshot(FUND, year)]);
    const command: HospitalBudgetCommand = {
      type: 'DisbursePrepayment',
      fundId: FUND,
      payeeId: payeeId(i),
      year,
      month,
      grossYuan: body['grossYuan'] as string,
      agreement,
      policy,
    };
    return this.budget(command, body, body['effectiveDate'] as string);
  }

  async settle(i: number, year: number, month: number): Promise<CommandResult> {
    const body = bodies.settlement(i, year, month);
    const [agreement, policy] = await Promise.all([this.agreementFact(i), this.policies.snapshot(FUND, year)]);
    const command: HospitalBudgetCommand = {
      type: 'PostMonthlySettlement',
      fundId: FUND,
      payeeId: payeeId(i),
      year,
      month,
      claimedYuan: body['claimedYuan'] as string,
      refusals: [],
      agreement,
      policy,
    };
    return this.budget(command, body, body['effectiveDate'] as string);
  }

  /** An assessment score (no quota needed), dated before the year end. */
  recordScore(i: number, year: number, scorePoints = '85'): Promise<CommandResult> {
    const body: JsonObject = { fundId: FUND, payeeId: payeeId(i), year, scorePoints, effectiveDate: `${year}-11-25` };
    const command: HospitalBudgetCommand = {
      type: 'RecordAssessmentScore',
      fundId: FUND,
      payeeId: payeeId(i),
      year,
      scorePoints,
    };
    return this.budget(command, body, `${year}-11-25`);
  }

  private async agreementFact(i: number) {
    const snapshot = await this.lookups.agreement(payeeId(i), FUND);
    return snapshot ? { status: snapshot.status, validFrom: snapshot.validFrom, validTo: snapshot.validTo } : null;
  }

  private budget(
    command: HospitalBudgetCommand,
    body: JsonObject,
    effectiveDate: string,
    role: 'finance' | 'planner' = 'finance',
  ): Promise<CommandResult> {
    const key = command as unknown as { fundId: string; payeeId: string; year: number };
    return this.pipeline.handle(
      benchEnvelope(body, effectiveDate, role),
      onStream(budgetStreamName(key.fundId, key.payeeId, key.year), budgetEvolver, command.type),
      (state, input) => hospitalBudgetDecider.decide(command, state, input),
    );
  }
}

/** Fund, payees with their agreements, and a quota per hospital-year, through the pipeline. */
export async function seedDirect(
  commands: DirectCommands,
  hospitals: number,
  years: readonly number[],
  concurrency = 16,
): Promise<void> {
  await commands.registerFund();
  await pool(concurrency, hospitals, (i) => commands.registerPayee(i));
  await pool(concurrency, hospitals * years.length, async (k) => {
    await commands.setQuota(k % hospitals, years[Math.floor(k / hospitals)]!);
  });
}
