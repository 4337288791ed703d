import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MAX_PAGE_SIZE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { auditedEvent, EVENT_STORE, Problems, StreamLoader, type Evolver } from '@ledger/platform';
import { ApiNotFound, ApiRead } from '../application/openapi';
import { budgetStreamName, type HospitalBudgetEvent } from './hospital-budget.events';
import {
  HospitalBudgetEventsQuery,
  HospitalBudgetEventsView,
  HospitalBudgetParams,
  HospitalBudgetQuery,
  HospitalBudgetView,
} from './hospital-budget.queries.dto';
import { type BudgetFold, foldEvent, initialFold, renderBudgetView } from './hospital-budget.view';

/** Stable code of a hospital-year without events (the read model answers the same code). */
export const HOSPITAL_YEAR_NOT_FOUND = 'HOSPITAL_YEAR_NOT_FOUND';
const DEFAULT_EVENTS_PAGE = 100;
/** Folded hospital-years kept for live reads; a miss costs one fold of the stream. */
const MAX_CACHED_VIEWS = 10_000;

/** The view's fold as the loader's evolver: its cache keeps each stream's fold and catches it up. */
const viewEvolver: Evolver<BudgetFold> = {
  initialState: initialFold,
  evolve: (fold, event) => foldEvent(fold, event as unknown as HospitalBudgetEvent),
};

/**
 * The write model's view of one hospital-year, folded from its stream at request time (never behind the
 * writes, unlike the projections). Readable by every role, the auditor included (no @Roles).
 */
@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('hospital-budgets')
export class HospitalBudgetQueriesController {
  /** Live views by stream (folds are immutable, so a cached one is shared safely). */
  private readonly views: StreamLoader;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.views = new StreamLoader(store, MAX_CACHED_VIEWS);
  }

  @Get(':fundId/:payeeId/:year')
  @ApiRead(
    'One hospital-year: quota, prepayments, settlements, clawbacks, penalties, receivables, score and year end; asOfPosition folds only the events up to it',
    HospitalBudgetView,
    ApiNotFound(`${HOSPITAL_YEAR_NOT_FOUND}: no budget events (up to asOfPosition)`),
  )
  async hospitalYear(
    @Param() { fundId, payeeId, year }: HospitalBudgetParams,
    @Query() query: HospitalBudgetQuery,
  ): Promise<HospitalBudgetView> {
    const stream = budgetStreamName(fundId, payeeId, year);
    const asOf = query.asOfPosition === undefined ? null : BigInt(query.asOfPosition);
    if (asOf === null) {
      const view = await this.views.load(stream, viewEvolver);
      if (view.revision < 0n) throw notFound(fundId, payeeId, year, null);
      return renderBudgetView(view.state, { stream, revision: view.revision, position: view.position, asOfPosition: null });
    }
    let fold: BudgetFold = initialFold();
    let last: RecordedEvent | undefined;
    for await (const event of this.events(stream, asOf)) {
      fold = foldEvent(fold, event as unknown as HospitalBudgetEvent);
      last = event;
    }
    if (last === undefined) throw notFound(fundId, payeeId, year, asOf);
    return renderBudgetView(fold, { stream, revision: last.revision, position: last.position, asOfPosition: asOf });
  }

  @Get(':fundId/:payeeId/:year/events')
  @ApiRead(
    "One hospital-year's events with their metadata, a page at a time",
    HospitalBudgetEventsView,
    ApiNotFound(`${HOSPITAL_YEAR_NOT_FOUND}: the stream has no events`),
  )
  async hospitalYearEvents(
    @Param() { fundId, payeeId, year }: HospitalBudgetParams,
    @Query() query: HospitalBudgetEventsQuery,
  ): Promise<HospitalBudgetEventsView> {
    const stream = budgetStreamName(fundId, payeeId, year);
    const limit = query.limit ?? DEFAULT_EVENTS_PAGE;
    const fromRevision = BigInt(query.fromRevision ?? '0');
    const events = await this.store.readStream(stream, { fromRevision, limit });
    if (events.length === 0 && fromRevision === 0n) throw notFound(fundId, payeeId, year, null);
    const last = events[events.length - 1];
    const nextFromRevision = events.length === limit && last ? (last.revision + 1n).toString() : null;
    return { stream, events: events.map(auditedEvent), nextFromRevision };
  }

  /** The stream in order, page by page, stopping after asOf (positions increase along a stream). */
  private async *events(stream: string, asOf: bigint | null): AsyncGenerator<RecordedEvent> {
    let fromRevision = 0n;
    for (;;) {
      const page = await this.store.readStream(stream, { fromRevision, limit: MAX_PAGE_SIZE });
      for (const event of page) {
        if (asOf !== null && event.position > asOf) return;
        yield event;
      }
      if (page.length < MAX_PAGE_SIZE) return;
      fromRevision = page[page.length - 1]!.revision + 1n;
    }
  }
}

function notFound(fundId: string, payeeId: string, year: number, asOf: bigint | null) {
  const when = asOf === null ? '' : ` at or before position ${asOf.toString()}`;
  return Problems.notFound(
    HOSPITAL_YEAR_NOT_FOUND,
    `no budget events for ${payeeId} in fund ${fundId}, ${year}${when}`,
    'payeeId',
  );
}
