import { Inject, Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EventStore } from '@ledger/event-store';
import {
  CommandEnvelopeFactory,
  CommandPipeline,
  deterministicUuid,
  EVENT_STORE,
  StreamLoader,
  type CommandEnvelope,
  type CommandResult,
} from '@ledger/platform';
import type { JsonObject } from '@ledger/event-store';
import { evolverOf, onStream } from '../application/stream-target';
import { FundYearClosedQuery } from '../allocation/fund-year-closed.port';
import { collectionsEvolver } from '../contributions/contributions.streams';
import { fundBookEvolver } from '../fund-book/fund-book.streams';
import { budgetEvolver } from '../hospital-budget/hospital-budget.streams';
import type { DecisionContext } from '../shared/decider';
import { ErrorCodes, rejectRule } from '../shared/domain-error';
import { checkBudgetReversal, decideBudgetReversal } from './budget-reversal.decider';
import { checkCollectionReversal, decideCollectionReversal } from './collection-reversal.decider';
import { checkFundPaymentReversal, decideFundPaymentReversal } from './fund-payment-reversal.decider';
import { ReversalErrorCodes, reversalNotFound } from './reversal.errors';
import { evolveReversalRequest, initialReversalRequestState, type ReversalRequestState } from './reversal-request.state';
import { assertReversibleKind, postingsOf, type ReversalTarget, type ReverseEvent } from './reversal.rules';

/** Stream reversal-{eventId}: one fold object, so every use case shares the loader's cache. */
export const reversalRequestEvolver = evolverOf(initialReversalRequestState, evolveReversalRequest);

/**
 * The corrections handlers' access to the streams they touch: the request stream, the named event (read
 * at the revision the request gives: the store has no lookup by id, and a global scan is not an option),
 * the target area's fold and reversal decider, and the fund close's answer for closed fund-years.
 */
@Injectable()
export class ReversalTargets {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly loader: StreamLoader,
    private readonly pipeline: CommandPipeline,
    private readonly queries: QueryBus,
    private readonly envelopes: CommandEnvelopeFactory,
  ) {}

  async request(stream: string): Promise<ReversalRequestState> {
    return (await this.loader.load(stream, reversalRequestEvolver)).state;
  }

  /** 404 EVENT_NOT_FOUND unless the stream holds the event `eventId` at `revision`. */
  async read(stream: string, revision: string, eventId: string): Promise<ReversalTarget> {
    const [event] = await this.store.readStream(stream, { fromRevision: BigInt(revision), limit: 1 });
    if (event === undefined || event.id !== eventId || event.revision !== BigInt(revision)) {
      throw reversalNotFound(
        ReversalErrorCodes.EVENT_NOT_FOUND,
        `no event ${eventId} at revision ${revision} of stream ${stream}`,
        'eventId',
      );
    }
    const effectiveDate = event.metadata['effectiveDate'];
    return {
      eventId,
      stream,
      revision,
      type: event.type,
      data: event.data,
      effectiveDate: typeof effectiveDate === 'string' ? effectiveDate : event.recordedAt.toISOString().slice(0, 10),
    };
  }

  /** The refusal the reversal would meet now (the area's rules and closed fund-years), appending nothing. */
  async check(command: ReverseEvent, context: DecisionContext): Promise<void> {
    const area = assertReversibleKind(command.target);
    const stream = command.target.stream;
    switch (area) {
      case 'hospital_budget':
        checkBudgetReversal(command, (await this.loader.load(stream, budgetEvolver)).state, context);
        return;
      case 'contributions':
        checkCollectionReversal(command, (await this.loader.load(stream, collectionsEvolver)).state, context);
        break;
      case 'fund_book':
        checkFundPaymentReversal(command, (await this.loader.load(stream, fundBookEvolver)).state, context);
        break;
    }
    await this.assertFundYearsOpen(command.target, context.effectiveDate);
  }

  /** Appends EventReversed in the target's stream at its exact current revision (the pipeline's retries). */
  async reverse(envelope: CommandEnvelope, command: ReverseEvent): Promise<CommandResult> {
    const area = assertReversibleKind(command.target);
    const stream = command.target.stream;
    switch (area) {
      case 'hospital_budget':
        return this.pipeline.handle(envelope, onStream(stream, budgetEvolver, 'ReverseEvent'), (state, input) =>
          decideBudgetReversal(command, state, input),
        );
      case 'contributions':
        await this.assertFundYearsOpen(command.target, envelope.effectiveDate);
        return this.pipeline.handle(envelope, onStream(stream, collectionsEvolver, 'ReverseEvent'), (state, input) =>
          decideCollectionReversal(command, state, input),
        );
      case 'fund_book':
        await this.assertFundYearsOpen(command.target, envelope.effectiveDate);
        return this.pipeline.handle(envelope, onStream(stream, fundBookEvolver, 'ReverseEvent'), (state, input) =>
          decideFundPaymentReversal(command, state, input),
        );
    }
  }

  /**
   * Contributions and fund-book events: 422 PERIOD_CLOSED when a fund their postings touch has closed the
   * year of the event or of the reversal (a hospital-year's own stream knows when it is settled).
   */
  private async assertFundYearsOpen(target: ReversalTarget, effectiveDate: string): Promise<void> {
    const funds = [...new Set(postingsOf(target).map((p) => p.fundId))];
    const years = [...new Set([Number(target.effectiveDate.slice(0, 4)), Number(effectiveDate.slice(0, 4))])];
    for (const fundId of funds) {
      for (const year of years) {
        if (await this.queries.execute(new FundYearClosedQuery(fundId, year))) {
          throw rejectRule(
            ErrorCodes.PERIOD_CLOSED,
            `fund-year ${year} of ${fundId} is closed: its events are not reversed; post the correction to the open year as a late item naming the period it concerns`,
            'eventId',
          );
        }
      }
    }
  }

  /** A step of a command under an id derived from it: same principal and causal chain, retried idempotently. */
  derived(envelope: CommandEnvelope, step: string, body: JsonObject, effectiveDate: string): CommandEnvelope {
    const commandId = deterministicUuid(`${envelope.commandId}:${step}`);
    const derived = this.envelopes.internal(envelope.principal, commandId, body, envelope.commandId, effectiveDate);
    return { ...derived, correlationId: envelope.correlationId, ...(envelope.requestId ? { requestId: envelope.requestId } : {}) };
  }
}
