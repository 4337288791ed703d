import { EventStoreBusyError, EventStoreFaultError, EventStoreUnavailableError } from '@ledger/event-store';
import { BusyError, ConcurrencyConflictError, DomainError, IdempotencyKeyReusedError } from '@ledger/kernel';
import { toProblem } from './problem-details.filter';

describe('toProblem: only the HTTP filter turns errors into problem+json', () => {
  it('maps each domain error kind to its status, keeping code and field', () => {
    const cases: Array<[DomainError, number]> = [
      [new DomainError('validation', 'INVALID_FIELD', 'bad', 'amountYuan'), 400],
      [new DomainError('not_found', 'FUND_NOT_FOUND', 'none', 'fundId'), 404],
      [new DomainError('conflict', 'ALREADY_EXISTS', 'dup'), 409],
      [new DomainError('business_rule', 'QUOTA_EXCEEDED', 'over', 'grossYuan'), 422],
      [new DomainError('unavailable', 'STREAM_TOO_LONG', 'long'), 503],
    ];
    for (const [error, status] of cases) {
      expect(toProblem(error)).toMatchObject({ status, code: error.code, field: error.field, message: error.message });
    }
  });

  it('answers the pipeline conflicts with their historic codes and titles', () => {
    expect(toProblem(new ConcurrencyConflictError('budget-F.H.2026', 5))).toMatchObject({
      status: 409,
      code: 'CONCURRENCY_CONFLICT',
      title: 'Concurrent update',
    });
    expect(toProblem(new IdempotencyKeyReusedError('c-1'))).toMatchObject({
      status: 409,
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'commandId',
      title: 'Command id reused with another body',
    });
  });

  it('a full queue is a retryable 503 STORE_BUSY with Retry-After, from the kernel or the store', () => {
    expect(toProblem(new BusyError('read-your-writes', 10_000, 2))).toMatchObject({
      status: 503,
      code: 'STORE_BUSY',
      headers: { 'retry-after': '2' },
    });
    expect(toProblem(new EventStoreBusyError('sqlite-append', 10_000))).toMatchObject({
      status: 503,
      code: 'STORE_BUSY',
      headers: { 'retry-after': '1' },
    });
    expect(toProblem(new EventStoreUnavailableError('down'))).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
  });

  it('a fault of the storage itself keeps its own code, with Retry-After', () => {
    for (const code of ['STORE_DISK_FULL', 'STORE_READ_ONLY', 'STORE_FILE_REMOVED', 'STORE_TIMEOUT'] as const) {
      expect(toProblem(new EventStoreFaultError(code, 'driver said so'))).toMatchObject({
        status: 503,
        code,
        headers: { 'retry-after': '5' },
      });
    }
  });
});
