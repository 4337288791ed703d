import { ErrorCodes } from '../shared/domain-error';
import { given } from '../test/decider-specification';
import { allocationHistoryDecider, type ImportAllocationInputs, isComplete } from './allocation-history.decider';
import type { AllocationInputsImported } from './allocation-history.events';

const ON = { now: '2024-12-01T02:00:00.000Z', effectiveDate: '2024-12-01' };

const chunk = (
  n: number,
  payees: string[],
  overrides: Partial<ImportAllocationInputs> = {},
): ImportAllocationInputs => ({
  type: 'ImportAllocationInputs',
  fundId: 'WD-NCMS',
  year: 2025,
  importId: 'IMP-2025-01',
  chunk: n,
  chunks: 2,
  records: payees.map((payeeId) => ({
    payeeId,
    history: [
      { year: 2024, spendingYuan: '100.00' },
      { year: 2016, spendingYuan: '1.00' },
    ],
  })),
  ...overrides,
});

const imported = (command: ImportAllocationInputs): AllocationInputsImported =>
  given(allocationHistoryDecider).when(command, ON).events()[0]!;

describe('ImportAllocationInputs (chunks of ≤ 1,000 hospital records)', () => {
  it('records a chunk, normalised, with every valid history year (the run picks its lookback years)', () => {
    const event = imported(chunk(1, ['H1']));
    expect(event.data).toMatchObject({
      importId: 'IMP-2025-01',
      chunk: 1,
      chunks: 2,
      records: [
        {
          payeeId: 'H1',
          history: [
            { year: 2016, spendingYuan: '1.00', cases: null },
            { year: 2024, spendingYuan: '100.00', cases: null },
          ],
          carriedInYuan: '0.00',
        },
      ],
    });
  });

  it('completes when every chunk is in, in any order; a re-sent chunk decides nothing', () => {
    const second = imported(chunk(2, ['H2']));
    const first = imported(chunk(1, ['H1']));
    const { state } = given(allocationHistoryDecider, [second, first]);
    expect(isComplete(state.imports.get('IMP-2025-01'))).toBe(true);
    given(allocationHistoryDecider, [second])
      .when(chunk(2, ['H2']), ON)
      .thenNothing();
    expect(isComplete(given(allocationHistoryDecider, [second]).state.imports.get('IMP-2025-01'))).toBe(false);
  });

  it('refuses the same chunk with other records (409), a payee in two chunks, and a changed chunk count', () => {
    const first = imported(chunk(1, ['H1']));
    given(allocationHistoryDecider, [first])
      .when(chunk(1, ['H9']), ON)
      .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'chunk' });
    given(allocationHistoryDecider, [first])
      .when(chunk(2, ['H1']), ON)
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'records[0].payeeId' });
    given(allocationHistoryDecider, [first])
      .when(chunk(2, ['H2'], { chunks: 3 }), ON)
      .thenRejects({ code: ErrorCodes.INVALID_TRANSITION, field: 'chunks' });
  });

  it.each([
    ['more than 1,000 records', { records: Array.from({ length: 1001 }, (_, i) => ({ payeeId: `H${i}` })) }, 'records'],
    ['chunk 3 of 2', { chunk: 3 }, 'chunk'],
    ['11 chunks', { chunks: 11 }, 'chunks'],
    ['a carried-in credit', { records: [{ payeeId: 'H1', carriedInYuan: '5.00' }] }, 'records[0].carriedInYuan'],
    [
      'history 11 years back',
      { records: [{ payeeId: 'H1', history: [{ year: 2014, spendingYuan: '1.00' }] }] },
      'records[0].history[0].year',
    ],
  ])('refuses %s (400)', (_name, patch, field) => {
    given(allocationHistoryDecider)
      .when(chunk(1, ['H1'], patch as Partial<ImportAllocationInputs>), ON)
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field });
  });
});
