import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@ledger/event-store';
import { auditedEvent, EVENT_STORE } from '@ledger/platform';
import { budgetStreamName } from '../hospital-budget.events';
import type { HospitalBudgetEventsView } from '../hospital-budget.queries.dto';
import { hospitalYearNotFound } from '../get-hospital-year/hospital-year-not-found';
import { GetHospitalYearEventsQuery } from './get-hospital-year-events.query';

/** A page of the budget stream as stored (an empty first page: the hospital-year does not exist). */
@QueryHandler(GetHospitalYearEventsQuery)
export class GetHospitalYearEventsHandler implements IQueryHandler<GetHospitalYearEventsQuery, HospitalBudgetEventsView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ fundId, payeeId, year, fromRevision, limit }: GetHospitalYearEventsQuery): Promise<HospitalBudgetEventsView> {
    const stream = budgetStreamName(fundId, payeeId, year);
    const events = await this.store.readStream(stream, { fromRevision, limit });
    if (events.length === 0 && fromRevision === 0n) throw hospitalYearNotFound(fundId, payeeId, year);
    const last = events[events.length - 1];
    const nextFromRevision = events.length === limit && last ? (last.revision + 1n).toString() : null;
    return { stream, events: events.map(auditedEvent), nextFromRevision };
  }
}
