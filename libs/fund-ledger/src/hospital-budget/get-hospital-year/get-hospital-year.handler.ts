import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { MAX_PAGE_SIZE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { EVENT_STORE, StreamLoader, type Evolver } from '@ledger/platform';
import { budgetStreamName, type HospitalBudgetEvent } from '../hospital-budget.events';
import type { HospitalBudgetView } from '../hospital-budget.queries.dto';
import { type BudgetFold, foldEvent, initialFold, renderBudgetView } from '../hospital-budget.view';
import { GetHospitalYearQuery } from './get-hospital-year.query';
import { hospitalYearNotFound } from './hospital-year-not-found';

/** Folded hospital-years kept for live reads; a miss costs one fold of the stream. */
const MAX_CACHED_VIEWS = 10_000;

/** The view's fold as the loader's evolver: its cache keeps each stream's fold and catches it up. */
const viewEvolver: Evolver<BudgetFold> = {
  initialState: initialFold,
  evolve: (fold, event) => foldEvent(fold, event as unknown as HospitalBudgetEvent),
};

/**
 * The write model's view of one hospital-year, folded from its stream at request time (never behind the
 * writes, unlike the projections). Live reads catch a cached fold up; an as-of read folds from the start
 * and stops after the position.
 */
@QueryHandler(GetHospitalYearQuery)
export class GetHospitalYearHandler implements IQueryHandler<GetHospitalYearQuery, HospitalBudgetView> {
  /**
   * Its own loader, bounded apart from the commands' (folds are immutable, so a cached one is shared
   * safely): 10,000 views of ~a few KiB at most, whatever the commands keep.
   */
  private readonly views: StreamLoader;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.views = new StreamLoader(store, MAX_CACHED_VIEWS);
  }

  async execute({ fundId, payeeId, year, asOfPosition }: GetHospitalYearQuery): Promise<HospitalBudgetView> {
    const stream = budgetStreamName(fundId, payeeId, year);
    if (asOfPosition === null) {
      const view = await this.views.load(stream, viewEvolver);
      if (view.revision < 0n) throw hospitalYearNotFound(fundId, payeeId, year);
      return renderBudgetView(view.state, { stream, revision: view.revision, position: view.position, asOfPosition: null });
    }
    let fold: BudgetFold = initialFold();
    let last: RecordedEvent | undefined;
    for await (const event of this.eventsUpTo(stream, asOfPosition)) {
      fold = foldEvent(fold, event as unknown as HospitalBudgetEvent);
      last = event;
    }
    if (last === undefined) throw hospitalYearNotFound(fundId, payeeId, year, asOfPosition);
    return renderBudgetView(fold, { stream, revision: last.revision, position: last.position, asOfPosition });
  }

  /** The stream in order, page by page, stopping after asOf (positions increase along a stream). */
  private async *eventsUpTo(stream: string, asOf: bigint): AsyncGenerator<RecordedEvent> {
    let fromRevision = 0n;
    for (;;) {
      const page = await this.store.readStream(stream, { fromRevision, limit: MAX_PAGE_SIZE });
      for (const event of page) {
        if (event.position > asOf) return;
        yield event;
      }
      if (page.length < MAX_PAGE_SIZE) return;
      fromRevision = page[page.length - 1]!.revision + 1n;
    }
  }
}
