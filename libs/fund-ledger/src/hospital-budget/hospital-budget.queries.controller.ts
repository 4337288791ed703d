import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MAX_PAGE_SIZE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { auditedEvent, EVENT_STORE, Problems } from '@ledger/platform';
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

interface CachedView {
  fold: BudgetFold;
  revision: bigint;
  position: bigint;
}

/**
 * The write model's view of one hospital-year, folded from its stream at request time (never behind the
 * writes, unlike the projections). Readable by every role, the auditor included (no @Roles).
 */
@ApiTags('hospital-budgets')
@ApiBearerAuth()
@Controller('hospital-budgets')
export class HospitalBudgetQueriesController {
  /** Live views by stream, least recently used first. Folds are immutable, so a hit is shared safely. */
  private readonly views = new Map<string, CachedView>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

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
      const view = await this.liveView(stream);
      if (view === undefined) throw notFound(fundId, payeeId, year, null);
      return renderBudgetView(view.fold, { stream, revision: view.revision, position: view.position, asOfPosition: null });
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

  /**
   * The live fold: the cached one brought up to date with the events appended since (usually none, and
   * the store then answers without reading), or a fold of the whole stream.
   */
  private async liveView(stream: string): Promise<CachedView | undefined> {
    const cached = this.views.get(stream);
    let view = cached;
    for (;;) {
      const fromRevision = view ? view.revision + 1n : 0n;
      const page = await this.store.readStream(stream, { fromRevision, limit: MAX_PAGE_SIZE });
      for (const event of page) {
        view = { fold: foldEvent(view?.fold ?? initialFold(), event as unknown as HospitalBudgetEvent), revision: event.revision, position: event.position };
      }
      if (page.length < MAX_PAGE_SIZE) break;
    }
    if (view === undefined) return undefined;
    this.views.delete(stream); // re-insert: Map order is the LRU order
    this.views.set(stream, view);
    if (this.views.size > MAX_CACHED_VIEWS) this.views.delete(this.views.keys().next().value as string);
    return view;
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
