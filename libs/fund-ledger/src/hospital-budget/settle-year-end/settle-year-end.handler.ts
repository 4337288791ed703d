import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { JsonObject } from '@ledger/event-store';
import {
  CommandEnvelopeFactory,
  CommandPipeline,
  deterministicUuid,
  type CommandEnvelope,
  type CommandResult,
} from '@ledger/platform';
import { BudgetPolicyService } from '../../budget-policy/budget-policy.service';
import type { PolicySnapshot } from '../../shared/budget-policy';
import { invariant } from '../../shared/decider';
import { type CarryInBalance, decideCarryInBalance } from '../carry-in-balance/carry-in-balance.decider';
import type { BudgetStreamKey, YearEndSettledData } from '../hospital-budget.events';
import { budgetStreamOf, HospitalBudgetStreams } from '../hospital-budget.streams';
import { type CarriedInto, SettleYearEndCommand, type YearEndSettlementResult } from './settle-year-end.command';
import { decideSettleYearEnd, type SettleYearEnd } from './settle-year-end.decider';

/**
 * The year-end settlement as a small process. Every step is idempotent, so a retry of the same command
 * completes whatever an interrupted attempt left undone:
 *   1. read the fund-year policy (and, on a first attempt, check the settlement would be accepted, so a
 *      refused settlement never freezes the policy);
 *   2. freeze the fund-year policy (only the year's first settlement appends; a retry replays);
 *   3. SettleYearEnd on the budget stream with the frozen policy (a retry replays);
 *   4. CarryInBalance of the credit and open receivables into the next year's stream (a retry replays).
 * Steps 2 and 4 run under command ids derived from this one, on the same principal and causal chain.
 * Once the fund-year's policy is frozen (by the year's first settlement) it never changes: steps 1-2 then
 * reduce to reading it once. The check before freezing has nothing left to protect, and the freeze would
 * decide no event, so neither runs (a fund close settles thousands of hospital-years this way).
 */
@CommandHandler(SettleYearEndCommand)
export class SettleYearEndHandler implements ICommandHandler<SettleYearEndCommand, YearEndSettlementResult> {
  constructor(
    private readonly streams: HospitalBudgetStreams,
    private readonly policies: BudgetPolicyService,
    private readonly envelopes: CommandEnvelopeFactory,
    private readonly pipeline: CommandPipeline,
  ) {}

  async execute({ envelope, request }: SettleYearEndCommand): Promise<YearEndSettlementResult> {
    const key: BudgetStreamKey = { fundId: request.fundId, payeeId: request.payeeId, year: request.year };
    await this.streams.assertRegistered(key.fundId, key.payeeId);
    // A fact at decision time, recorded in the event: no deposit returned and the payment held.
    const agreementTerminatedForCause = await this.streams.agreementTerminatedForCause(key.payeeId, key.fundId);
    const policy = await this.frozenPolicy(key, envelope, agreementTerminatedForCause);
    const command: SettleYearEnd = { type: 'SettleYearEnd', ...key, policy, agreementTerminatedForCause };
    const settled = await this.streams.handle(envelope, command, decideSettleYearEnd);
    return { ...settled, carriedInto: await this.carryIn(key, envelope, settled) };
  }

  /** The fund-year policy the settlement applies: frozen, by this settlement if no other froze it first. */
  private async frozenPolicy(
    key: BudgetStreamKey,
    envelope: CommandEnvelope,
    agreementTerminatedForCause: boolean,
  ): Promise<PolicySnapshot> {
    const { frozen, ...inForce } = await this.policies.inForce(key.fundId, key.year);
    if (frozen !== null) return inForce;
    if (!(await this.isRetry(envelope)))
      await this.preflight(envelope, { type: 'SettleYearEnd', ...key, policy: inForce, agreementTerminatedForCause });
    await this.freezePolicy(key, envelope);
    // Read after the freeze: the policy applied is the one frozen, even if a change raced step 1.
    return this.policies.snapshot(key.fundId, key.year);
  }

  /** True when this command id was already appended with this body; 409 when it came with another body. */
  private async isRetry(envelope: CommandEnvelope): Promise<boolean> {
    return (await this.pipeline.earlierResult(envelope)) !== undefined;
  }

  /** The refusal the settlement would meet now (SCORE_MISSING, PERIOD_CLOSED, …), before anything is frozen. */
  private async preflight(envelope: CommandEnvelope, command: SettleYearEnd): Promise<void> {
    await this.streams.dryRun(command, decideSettleYearEnd, {
      now: envelope.recordedAt,
      effectiveDate: envelope.effectiveDate,
    });
  }

  private async freezePolicy(key: BudgetStreamKey, envelope: CommandEnvelope): Promise<void> {
    const settledStream = budgetStreamOf(key);
    const body = { fundId: key.fundId, year: key.year, settledStream };
    await this.policies.freezeForYearEnd(
      key.fundId,
      key.year,
      settledStream,
      this.derived(envelope, 'freeze-policy', body, envelope.effectiveDate),
    );
  }

  /** Hands the credit and the open receivables, as the YearEndSettled event recorded them, to the next year. */
  private async carryIn(key: BudgetStreamKey, envelope: CommandEnvelope, settled: CommandResult): Promise<CarriedInto> {
    const yearEnd = yearEndSettled(settled);
    const command: CarryInBalance = {
      type: 'CarryInBalance',
      fundId: key.fundId,
      payeeId: key.payeeId,
      year: key.year + 1,
      fromYear: key.year,
      carryForwardCreditYuan: yearEnd.breakdown.carryForwardCreditYuan,
      receivables: yearEnd.openReceivables,
    };
    const { type: _type, ...fields } = command;
    // Dated like the settlement (from the stored event), so a retry on another day sends the same body.
    const derived = this.derived(envelope, 'carry-in', toJson(fields), yearEnd.effectiveDate);
    const result = await this.streams.handle(derived, command, decideCarryInBalance);
    return { stream: result.stream, position: result.position };
  }

  /** Same principal; caused by (and correlated with) the original command; the id derived from it. */
  private derived(envelope: CommandEnvelope, step: string, body: JsonObject, effectiveDate: string): CommandEnvelope {
    const commandId = deterministicUuid(`${envelope.commandId}:${step}`);
    const derived = this.envelopes.internal(envelope.principal, commandId, body, envelope.commandId, effectiveDate);
    // Keep the client's correlation id (x-correlation-id; the original command id when none was sent).
    return { ...derived, correlationId: envelope.correlationId };
  }
}

function yearEndSettled(settled: CommandResult): YearEndSettledData {
  const event = settled.events.find((e) => e.type === 'YearEndSettled');
  invariant(event !== undefined, `the year-end settlement of ${settled.stream} recorded no YearEndSettled event`);
  return event.data as unknown as YearEndSettledData;
}

function toJson(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
