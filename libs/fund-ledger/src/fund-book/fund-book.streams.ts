import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CommandPipeline, StreamLoader, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { evolverOf, onStream } from '../application/stream-target';
import { DomainError, ErrorCodes } from '../shared/domain-error';
import { RegistryLookups, type RegisteredFund } from '../registry/registry-lookups';
import type { PayeeType } from '../registry/registry.events';
import type { DecisionContext } from '../shared/decider';
import { addMonths } from '../registry/calendar';
import { FundYearClosedQuery } from '../allocation/fund-year-closed.port';
import { contributionsStream } from '../contributions/contributions.events';
import { collectionsEvolver } from '../contributions/contributions.streams';
import { fundBookStream, type FundBookEvent } from './fund-book.events';
import { evolveFundBook, initialFundBookState, type FundBookState } from './fund-book.state';

/** How far back an opening balance looks for contributions already booked in the months it covers. */
export const CONTRIBUTION_LOOKBACK_MONTHS = 24;

/** Stream fundbook-{fundId}: one fold object, so every use case shares the loader's cache. */
export const fundBookEvolver = evolverOf(initialFundBookState, evolveFundBook);

export type FundBookDecide<Command> = (
  command: Command,
  state: FundBookState,
  context: DecisionContext,
) => readonly FundBookEvent[];

/**
 * The fund book handlers' access to streams: the pipeline for fundbook-{fundId}, and the registry facts
 * a decision needs (the fund's kind, a payee's kind). Facts at decision time, recorded in the event.
 */
@Injectable()
export class FundBookStreams {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly lookups: RegistryLookups,
    private readonly loader: StreamLoader,
    private readonly queries: QueryBus,
  ) {}

  /** Whether the fund-year of `effectiveDate` is closed (the fund close answers; a closed year takes no postings). */
  yearClosed(fundId: string, effectiveDate: string): Promise<boolean> {
    return this.queries.execute(new FundYearClosedQuery(fundId, Number(effectiveDate.slice(0, 4))));
  }

  handle<Command extends { readonly type: string; readonly fundId: string }>(
    envelope: CommandEnvelope,
    command: Command,
    decide: FundBookDecide<Command>,
  ): Promise<CommandResult> {
    const target = onStream(fundBookStream(command.fundId), fundBookEvolver, command.type);
    return this.pipeline.handle(envelope, target, (state, input) => decide(command, state, input));
  }

  /**
   * The fund's own contributions streams of the months an opening balance as at `asOfDate` covers (its
   * month and the CONTRIBUTION_LOOKBACK_MONTHS before) that already hold collections: those are inside the
   * closing statement, so the opening would count them twice. Bounded reads, not locks; what it cannot
   * see is listed in the note (payroll splits filed under the pooled fund, hospital budgets, older months).
   */
  async contributionStreamsWithMoney(fundId: string, asOfDate: string): Promise<string[]> {
    const streams = Array.from({ length: CONTRIBUTION_LOOKBACK_MONTHS + 1 }, (_, back) =>
      contributionsStream(fundId, addMonths(`${asOfDate.slice(0, 7)}-01`, -back).slice(0, 7)),
    );
    const loaded = await Promise.all(streams.map((stream) => this.loader.load(stream, collectionsEvolver)));
    return streams.filter((_, i) => loaded[i]!.state.collectionIds.size > 0);
  }

  /** 404 FUND_NOT_FOUND. */
  fund(fundId: string): Promise<RegisteredFund> {
    return this.lookups.fund(fundId);
  }

  /** The payee's registered kind; 404 PAYEE_NOT_FOUND naming `field`. */
  async payeeType(payeeId: string, field: string): Promise<PayeeType> {
    try {
      return (await this.lookups.payee(payeeId)).payee.type;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCodes.PAYEE_NOT_FOUND) {
        throw new DomainError('not_found', ErrorCodes.PAYEE_NOT_FOUND, error.message, field);
      }
      throw error;
    }
  }
}
