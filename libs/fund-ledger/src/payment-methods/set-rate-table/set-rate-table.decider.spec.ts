import { specification } from '../../test/decider-specification';
import type { DecisionContext } from '../../shared/decider';
import { ErrorCodes } from '../../shared/domain-error';
import { PaymentMethodErrorCodes } from '../payment-methods.errors';
import type { RateTableEvent } from '../rate-table.events';
import { evolveRateTable, initialRateTableState, tableInForce } from '../rate-table.state';
import { MAX_DRG_GROUPS, MAX_RATE_TABLE_VERSIONS } from '../rate-table.inputs';
import { decideSetRateTable, type SetRateTable } from './set-rate-table.decider';

const rates = specification({ initialState: initialRateTableState, evolve: evolveRateTable, decide: decideSetRateTable });
const CONTEXT: DecisionContext = { now: '2023-12-20T02:00:00.000Z', effectiveDate: '2023-12-20' };

const table = (fields: Partial<SetRateTable> = {}): SetRateTable => ({
  type: 'SetRateTable',
  fundId: 'EMP',
  year: 2024,
  effectiveFrom: '2024-01-01',
  drg: { baseRateYuan: '8765.43', groups: [{ code: 'FR23', weight: '1.2345' }, { code: 'GB25', weight: '0.8765' }] },
  singleDisease: [{ code: 'K35.8', standardYuan: '6000' }],
  perDiem: { rateYuan: '110', patientSharePerDay: { inServiceYuan: '20', retiredYuan: '12' } },
  perCaseCap: { standardYuan: '5000' },
  ...fields,
});

function history(...commands: SetRateTable[]): RateTableEvent[] {
  const events: RateTableEvent[] = [];
  let state = initialRateTableState();
  for (const command of commands) {
    const decided = decideSetRateTable(command, state, CONTEXT);
    state = decided.reduce(evolveRateTable, state);
    events.push(...decided);
  }
  return events;
}

describe('SetRateTable', () => {
  it('records the whole table as version 1, amounts with two places', () => {
    rates.given([]).when(table({ note: '2024年费率' }), CONTEXT).then([
      {
        type: 'RateTableSet',
        data: {
          fundId: 'EMP',
          year: 2024,
          version: 1,
          effectiveFrom: '2024-01-01',
          drg: { baseRateYuan: '8765.43', groups: [{ code: 'FR23', weight: '1.2345' }, { code: 'GB25', weight: '0.8765' }] },
          singleDisease: [{ code: 'K35.8', standardYuan: '6000.00' }],
          perDiem: { rateYuan: '110.00', patientSharePerDay: { inServiceYuan: '20.00', retiredYuan: '12.00' } },
          perCaseCap: { standardYuan: '5000.00' },
          note: '2024年费率',
        },
      },
    ]);
  });

  it('versions follow each other; the one in force for a month is the latest in force on its last day', () => {
    const { state } = rates.given(history(table())).when(table({ effectiveFrom: '2024-10-15', perCaseCap: null }), CONTEXT).thenEvents();
    expect(state.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(tableInForce(state, '2024-09-30')?.version).toBe(1);
    expect(tableInForce(state, '2024-10-31')?.version).toBe(2); // DRG from 15 October prices October
    expect(tableInForce(state, '2023-12-31')).toBeNull();
  });

  describe('refuses (400 naming the field and line, or 422)', () => {
    it.each([
      ['an unknown-shaped group code', table({ drg: { baseRateYuan: '1', groups: [{ code: 'FR 23', weight: '1' }] } }), 'drg.groups[0].code'],
      ['a zero weight', table({ drg: { baseRateYuan: '1', groups: [{ code: 'A', weight: '0' }] } }), 'drg.groups[0].weight'],
      ['a weight with 5 places', table({ drg: { baseRateYuan: '1', groups: [{ code: 'A', weight: '1.23456' }] } }), 'drg.groups[0].weight'],
      ['a weight above 100', table({ drg: { baseRateYuan: '1', groups: [{ code: 'A', weight: '101' }] } }), 'drg.groups[0].weight'],
      ['a duplicate group', table({ drg: { baseRateYuan: '1', groups: [{ code: 'A', weight: '1' }, { code: 'A', weight: '2' }] } }), 'drg.groups[1].code'],
      ['no groups', table({ drg: { baseRateYuan: '1', groups: [] } }), 'drg.groups'],
      ['a disease standard of 0', table({ singleDisease: [{ code: 'K35.8', standardYuan: '0' }] }), 'singleDisease[0].standardYuan'],
      ['a patient share above the rate', table({ perDiem: { rateYuan: '110', patientSharePerDay: { inServiceYuan: '120', retiredYuan: '12' } } }), 'perDiem.patientSharePerDay.inServiceYuan'],
      ['no section at all', table({ drg: null, singleDisease: null, perDiem: null, perCaseCap: null }), 'drg'],
      ['a date outside the year', table({ effectiveFrom: '2025-01-01' }), 'effectiveFrom'],
    ])('%s', (_name, command, field) => {
      expect(rates.given([]).when(command, CONTEXT).thenThrows(ErrorCodes.INVALID_FIELD, 'validation').field).toBe(field);
    });

    it(`more than ${MAX_DRG_GROUPS} groups`, () => {
      const groups = Array.from({ length: MAX_DRG_GROUPS + 1 }, (_, i) => ({ code: `G${i}`, weight: '1' }));
      expect(rates.given([]).when(table({ drg: { baseRateYuan: '1', groups } }), CONTEXT).thenThrows(ErrorCodes.INVALID_FIELD).field).toBe('drg.groups');
    });

    it('a version in force before the one it follows', () => {
      const later = history(table({ effectiveFrom: '2024-07-01' }));
      expect(rates.given(later).when(table(), CONTEXT).thenThrows(ErrorCodes.INVALID_FIELD).field).toBe('effectiveFrom');
    });

    it(`more than ${MAX_RATE_TABLE_VERSIONS} versions (RATE_TABLE_VERSION_LIMIT)`, () => {
      const full = history(...Array.from({ length: MAX_RATE_TABLE_VERSIONS }, () => table()));
      rates.given(full).when(table(), CONTEXT).thenThrows(PaymentMethodErrorCodes.RATE_TABLE_VERSION_LIMIT, 'business_rule');
    });
  });
});
