import { ErrorCodes } from '../../shared/domain-error';
import { fundDecider } from '../registry.decider';
import { FundRegistered } from '../registry.events';
import { given } from '../../test/decider-specification';
import { RegisterFund } from './register-fund.decider';

const registerFund = (overrides: Partial<RegisterFund['data']> = {}): RegisterFund => ({
  type: 'RegisterFund',
  data: {
    fundId: 'SY-EMP-POOL',
    name: '沈阳职工统筹基金',
    kind: 'employee_pooled',
    poolingRegion: '210100',
    ...overrides,
  },
});

const registered: FundRegistered = {
  type: 'FundRegistered',
  data: { fundId: 'SY-EMP-POOL', name: '沈阳职工统筹基金', kind: 'employee_pooled', poolingRegion: '210100' },
};

describe('RegisterFund', () => {
  it('registers a new fund', () => {
    given(fundDecider).when(registerFund()).then([registered]);
  });

  it('evolves to a registered fund carrying its kind', () => {
    const { state } = given(fundDecider, [registered]);
    expect(state).toEqual({ status: 'registered', ...registered.data });
  });

  it('refuses to register the same fund twice (409 ALREADY_EXISTS)', () => {
    given(fundDecider, [registered])
      .when(registerFund())
      .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'fundId' });
  });

  it.each(['', 'has space', 'a'.repeat(65), 'slash/id', '基金'])('refuses fundId %j (400)', (fundId) => {
    given(fundDecider)
      .when(registerFund({ fundId }))
      .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field: 'fundId' });
  });

  it('accepts a 64-character fundId of letters, digits, _ and -', () => {
    const fundId = `${'a'.repeat(60)}_9-Z`;
    const events = given(fundDecider).when(registerFund({ fundId })).events();
    expect(events[0]?.data.fundId).toBe(fundId);
  });

  it('refuses TREASURY, the pseudo-fund of the fines memorandum', () => {
    given(fundDecider)
      .when(registerFund({ fundId: 'TREASURY' }))
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'fundId' });
  });

  it.each(['budget-X-2025', 'close-X-2025', 'Budget-X'])('refuses %s, whose fund stream would be another stream', (fundId) => {
    given(fundDecider).when(registerFund({ fundId })).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'fundId' });
  });

  it('refuses an unknown fund kind', () => {
    given(fundDecider)
      .when(registerFund({ kind: 'civil_servant' as never }))
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'kind' });
  });

  it.each(['name', 'poolingRegion'] as const)('refuses a blank %s', (field) => {
    given(fundDecider)
      .when(registerFund({ [field]: '  ' }))
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field });
  });
});
