import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type CommandEnvelope } from '@ledger/platform';
import { RegistryLookups } from '../../registry/registry-lookups';
import { onStream } from '../../application/stream-target';
import { requireFundId, requireId } from '../../registry/field-rules';
import { ErrorCodes, rejectRule } from '../../shared/domain-error';
import { invariant } from '../../shared/decider';
import { arrayInput, yearInput } from '../../hospital-budget/hospital-budget.inputs';
import { AllocationReads } from '../../allocation/allocation-reads';
import { type CloseFundYear, decideCloseFundYear, MAX_CLOSE_HOSPITALS } from '../fund-close.decider';
import { fundCloseStream, type PayeeSource } from '../fund-close.events';
import { FundCloseReads } from '../fund-close.report';
import { fundCloseEvolver } from '../fund-close.streams';
import { CloseFundYearCommand, type FundCloseOutcome } from './close-fund-year.command';
import { type FundYear, HospitalYearSettlements, type Settlements } from './hospital-year-settlements';

interface PayeeList {
  readonly payeeIds: string[];
  readonly payeeSource: PayeeSource;
  readonly runId: string | null;
}

/**
 * Closes a fund-year: settles every hospital-year on the list (HospitalYearSettlements), then appends
 * FundYearClosed to `fund-close-{fundId}-{year}` with expected no_stream. A hospital that cannot be settled
 * (no score, no quota…) is reported and nothing is closed; the others stay settled, and running the same
 * close again settles the rest. A closed fund-year answers with its stored report.
 */
@CommandHandler(CloseFundYearCommand)
export class CloseFundYearHandler implements ICommandHandler<CloseFundYearCommand, FundCloseOutcome> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
    private readonly allocations: AllocationReads,
    private readonly closes: FundCloseReads,
    private readonly settlements: HospitalYearSettlements,
  ) {}

  async execute({ envelope, body, onProgress }: CloseFundYearCommand): Promise<FundCloseOutcome> {
    const fundYear = { fundId: requireFundId(body.fundId, 'fundId'), year: yearInput(body.year, 'year') };
    await this.lookups.fund(fundYear.fundId);
    // Only for its refusal of a reused id: a recorded close has its report, answered below.
    await this.pipeline.earlierResult(envelope);
    const stored = await this.closes.closedYear(fundYear.fundId, fundYear.year);
    const none = { settled: 0, replayed: 0, settledElsewhere: 0, failed: 0 };
    if (stored !== null) {
      const { commandId } = envelope;
      return { status: 'closed', commandId, replayed: true, position: null, settlements: none, report: stored };
    }
    const payees = await this.payeesOf(fundYear, body.payeeIds);
    const settled = await this.settlements.settleAll(envelope, fundYear, payees.payeeIds, onProgress);
    if (settled.counts.failed > 0) {
      return {
        status: 'incomplete',
        commandId: envelope.commandId,
        ...fundYear,
        hospitals: payees.payeeIds.length,
        settlements: settled.counts,
        failures: settled.failures,
      };
    }
    return this.close(envelope, fundYear, payees, settled);
  }

  private async close(
    envelope: CommandEnvelope,
    { fundId, year }: FundYear,
    { payeeIds, payeeSource, runId }: PayeeList,
    { settled, counts }: Settlements,
  ): Promise<FundCloseOutcome> {
    const command: CloseFundYear = {
      type: 'CloseFundYear',
      fundId,
      year,
      payeeSource,
      runId,
      payeeIds,
      settlements: payeeIds.map((p) => settled.get(p)!),
    };
    const result = await this.pipeline.handle(
      envelope,
      onStream(fundCloseStream(fundId, year), fundCloseEvolver, command.type),
      (state, input) => decideCloseFundYear(command, state, input),
    );
    const report = await this.closes.closedYear(fundId, year);
    invariant(report !== null, `fund-year ${fundId}/${year} is closed`);
    const appended = result.events.length > 0 && !result.replayed;
    return {
      status: 'closed',
      commandId: envelope.commandId,
      replayed: !appended,
      position: result.position,
      settlements: counts,
      report,
    };
  }

  private async payeesOf(
    { fundId, year }: FundYear,
    explicit: readonly string[] | null | undefined,
  ): Promise<PayeeList> {
    if (explicit !== undefined && explicit !== null) {
      const payeeIds = arrayInput(explicit, 'payeeIds', MAX_CLOSE_HOSPITALS).map((p, i) =>
        requireId(p, `payeeIds[${i}]`),
      );
      return { payeeIds, payeeSource: 'explicit', runId: null };
    }
    const run = await this.allocations.inForceRun(fundId, year);
    if (run === null) {
      throw rejectRule(
        ErrorCodes.INVALID_TRANSITION,
        `no allocation run is in force for fund ${fundId} in ${year}: name the hospital-years to close (payeeIds)`,
        'payeeIds',
      );
    }
    return { payeeIds: run.rows.map((row) => row[0]), payeeSource: 'allocation_run', runId: run.runId };
  }
}
