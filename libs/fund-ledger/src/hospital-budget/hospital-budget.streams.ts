import { Injectable } from '@nestjs/common';
import {
  CommandPipeline,
  StreamLoader,
  type CommandEnvelope,
  type CommandResult,
  type Evolver,
} from '@ledger/platform';
import { RegistryLookups } from '../registry/registry-lookups';
import { BudgetPolicyService } from '../budget-policy/budget-policy.service';
import type { PolicySnapshot } from '../shared/budget-policy';
import type { DecisionContext } from '../shared/decider';
import { ErrorCodes, rejectRule } from '../shared/domain-error';
import { TREASURY_FUND } from '../shared/journal';
import type { FundKindFact } from './hospital-budget.guards';
import {
  type AgreementFact,
  budgetStreamName,
  type BudgetStreamKey,
  type HospitalBudgetEvent,
} from './hospital-budget.events';
import { evolve, type HospitalBudgetState, initialState } from './hospital-budget.state';

/** A command on a budget stream: its type and stream key. */
export interface BudgetCommand extends BudgetStreamKey {
  readonly type: string;
}

/** A use case's pure decide over the budget stream's state. */
export type BudgetDecide<Command> = (
  command: Command,
  state: HospitalBudgetState,
  context: DecisionContext,
) => readonly HospitalBudgetEvent[];

/** Folds a budget stream read back from the store (the JSON of the events the decider wrote). */
export const budgetEvolver: Evolver<HospitalBudgetState> = {
  initialState,
  evolve: (state, event) => evolve(state, event as unknown as HospitalBudgetEvent),
};

export const budgetStreamOf = (key: BudgetStreamKey): string => budgetStreamName(key.fundId, key.payeeId, key.year);

/** What a payment decision relies on from other streams: the agreement in force and the policy. */
export interface PaymentFacts {
  readonly agreement: AgreementFact | null;
  readonly policy: PolicySnapshot;
  /** The fund's kind: budgets, prepayments and settlements only on pooled funds. */
  readonly fundKind: FundKindFact;
}

/** Where a finding about a possibly closed year is posted (see routeToOpenPeriod). */
export interface OpenPeriod {
  readonly year: number;
  readonly serviceYearClosed: boolean;
}

/**
 * The hospital-budget handlers' access to streams: the pipeline for their own stream, and the reads of
 * other streams (registry, policy) a decision needs. Reads are facts at decision time, recorded in the
 * event, not locks: each command keeps its invariant inside its own stream.
 */
@Injectable()
export class HospitalBudgetStreams {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly loader: StreamLoader,
    private readonly lookups: RegistryLookups,
    private readonly policies: BudgetPolicyService,
  ) {}

  /**
   * Runs one command on its budget stream through the pipeline (idempotency, exact revision, retries),
   * with the use case's own decide (Emmett's handle): the area shares only the fold.
   */
  handle<Command extends BudgetCommand>(
    envelope: CommandEnvelope,
    command: Command,
    decide: BudgetDecide<Command>,
  ): Promise<CommandResult> {
    const target = { stream: budgetStreamOf(command), commandType: command.type, evolver: budgetEvolver };
    return this.pipeline.handle(envelope, target, (state, input) => decide(command, state, input));
  }

  /**
   * The first result of a command id already recorded, else run(): for handlers that read facts of other
   * streams (registry, policy, the open period) before deciding, so a retry is answered as first decided
   * instead of being refused by a fact that changed since (the year closed, the agreement was suspended).
   */
  async firstResultOr(envelope: CommandEnvelope, run: () => Promise<CommandResult>): Promise<CommandResult> {
    return (await this.pipeline.earlierResult(envelope)) ?? run();
  }

  /** Decides without appending: the refusal a command would meet now (used before side effects elsewhere). */
  async dryRun<Command extends BudgetCommand>(
    command: Command,
    decide: BudgetDecide<Command>,
    context: DecisionContext,
  ): Promise<void> {
    decide(command, await this.state(command), context);
  }

  async state(key: BudgetStreamKey): Promise<HospitalBudgetState> {
    return (await this.loader.load(budgetStreamOf(key), budgetEvolver)).state;
  }

  /** 404 FUND_NOT_FOUND / PAYEE_NOT_FOUND: a budget is only opened for a registered fund and payee. */
  async assertRegistered(fundId: string, payeeId: string): Promise<void> {
    await this.lookups.fund(fundId);
    await this.lookups.payee(payeeId);
  }

  /** 404 FUND_NOT_FOUND naming `field` (e.g. a co-fund). */
  async assertFund(fundId: string, field = 'fundId'): Promise<void> {
    await this.lookups.fund(fundId, field);
  }

  /**
   * The fund's kind for a decider's kind rule (404 FUND_NOT_FOUND naming `field` when unregistered). The
   * treasury memorandum is never registered as a fund: it answers 'treasury', so the decider refuses it
   * by its rule (422) rather than as unknown.
   */
  async fundKind(fundId: string, field = 'fundId'): Promise<FundKindFact> {
    if (fundId === TREASURY_FUND) return 'treasury';
    return (await this.lookups.fund(fundId, field)).kind;
  }

  /** The payee's current agreement with the fund was terminated for cause (404 for an unknown payee). */
  async agreementTerminatedForCause(payeeId: string, fundId: string): Promise<boolean> {
    const { agreements } = await this.lookups.payee(payeeId);
    return agreements.some((a) => a.fundId === fundId && a.status === 'terminated' && a.terminatedForCause);
  }

  /** The fund (404), the payee's agreement with it (404 for an unknown payee, null if never signed) and the policy. */
  async paymentFacts(key: BudgetStreamKey): Promise<PaymentFacts> {
    // Three independent streams, read concurrently (this is on every prepayment and settlement); the
    // errors are still raised in a fixed order (fund, then payee), so a request gets one stable answer.
    const [fundRead, agreementRead, policyRead] = await Promise.allSettled([
      this.lookups.fund(key.fundId),
      this.lookups.agreement(key.payeeId, key.fundId),
      this.policies.snapshot(key.fundId, key.year),
    ]);
    const fund = valueOf(fundRead);
    const snapshot = valueOf(agreementRead);
    const policy = valueOf(policyRead);
    // The decider records only what it checked: status and validity, not the agreement id.
    const agreement = snapshot && { status: snapshot.status, validFrom: snapshot.validFrom, validTo: snapshot.validTo };
    return { agreement, policy, fundKind: fund.kind };
  }

  /**
   * A closed period stays closed: a finding about `serviceYear` is posted to that year while it is open;
   * once settled, to the budget year of the effective date, which must be later (else 422 PERIOD_CLOSED),
   * naming the year it concerns.
   */
  async routeToOpenPeriod(
    fundId: string,
    payeeId: string,
    serviceYear: number,
    effectiveDate: string,
  ): Promise<OpenPeriod> {
    const service = await this.state({ fundId, payeeId, year: serviceYear });
    if (!service.closed) return { year: serviceYear, serviceYearClosed: false };
    const year = Number(effectiveDate.slice(0, 4));
    if (!(year > serviceYear)) {
      throw rejectRule(
        ErrorCodes.PERIOD_CLOSED,
        `budget year ${serviceYear} of ${payeeId} is settled and closed; a late posting goes to the open budget year of its effective date, which must be after ${serviceYear} (effective ${effectiveDate})`,
        'effectiveDate',
      );
    }
    return { year, serviceYearClosed: true };
  }
}

/** The value of a settled read, or its error rethrown. */
function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}
