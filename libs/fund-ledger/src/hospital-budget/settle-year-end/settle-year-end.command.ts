import { Command } from '@nestjs/cqrs';
import type { CommandEnvelope, CommandResult } from '@ledger/platform';
import type { SettleYearEndRequest } from './settle-year-end.request.dto';

/** Where the year's balances went: the next year's stream and the carry-in's position (null: nothing appended). */
export interface CarriedInto {
  readonly stream: string;
  readonly position: string | null;
}

/** The settlement's CommandResult (a retry replays it) plus the carry-in into the next year. */
export interface YearEndSettlementResult extends CommandResult {
  readonly carriedInto: CarriedInto;
}

export class SettleYearEndCommand extends Command<YearEndSettlementResult> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly request: SettleYearEndRequest,
  ) {
    super();
  }
}
