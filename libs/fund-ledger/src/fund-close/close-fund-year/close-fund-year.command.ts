import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope } from '@ledger/platform';
import type { FundCloseOutcome } from '../fund-close.service';
import type { CloseFundYearRequest } from './close-fund-year.request.dto';

export type ClosedFundYear = Extract<FundCloseOutcome, { status: 'closed' }>;

export class CloseFundYearCommand extends Command<ClosedFundYear> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: CloseFundYearRequest,
  ) {
    super();
  }
}
