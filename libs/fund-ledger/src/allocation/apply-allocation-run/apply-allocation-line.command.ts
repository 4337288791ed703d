import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { QuotaApplication } from '../apply-allocation.decider';

/** One line of the run in force applied to its hospital-year budget stream (QuotaSet, QuotaAdjusted or nothing). */
export class ApplyAllocationLineCommand extends Command<CommandResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly application: QuotaApplication,
  ) {
    super();
  }
}
