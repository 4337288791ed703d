import { ErrorCodes } from '../../shared/domain-error';
import { payeeDecider } from '../registry.decider';
import { PayeeRegistered } from '../registry.events';
import { given } from '../../test/decider-specification';
import { RegisterPayee } from './register-payee.decider';

const registerPayee = (overrides: Partial<RegisterPayee['data']> = {}): RegisterPayee => ({
  type: 'RegisterPayee',
  data: {
    payeeId: 'H-001',
    name: '泉州第一医院',
    type: 'hospital',
    level: 'tertiary',
    class: 'general',
    region: '350500',
    ...overrides,
  },
});

const registered: PayeeRegistered = {
  type: 'PayeeRegistered',
  data: {
    payeeId: 'H-001',
    name: '泉州第一医院',
    type: 'hospital',
    level: 'tertiary',
    class: 'general',
    region: '350500',
  },
};

describe('RegisterPayee', () => {
  it('registers a designated hospital', () => {
    given(payeeDecider).when(registerPayee()).then([registered]);
  });

  it('registers a designated pharmacy without a grade', () => {
    const events = given(payeeDecider)
      .when(registerPayee({ payeeId: 'P-17', type: 'pharmacy', level: 'none', class: 'retail' }))
      .events();
    expect(events).toEqual([
      { type: 'PayeeRegistered', data: expect.objectContaining({ payeeId: 'P-17', type: 'pharmacy', level: 'none' }) },
    ]);
  });

  it.each(['insurer', 'supplier', 'clearing_house'] as const)(
    'registers the fund book counterparty kind %s (the insurer, suppliers, the clearing platform)',
    (type) => {
      const events = given(payeeDecider)
        .when(registerPayee({ payeeId: `X-${type}`, type, level: 'none', class: 'counterparty' }))
        .events();
      expect(events).toEqual([{ type: 'PayeeRegistered', data: expect.objectContaining({ type, level: 'none' }) }]);
    },
  );

  it('starts with no agreements', () => {
    const { state } = given(payeeDecider, [registered]);
    expect(state.status === 'registered' && state.agreements.size).toBe(0);
  });

  it('refuses to register the same payee twice (409 ALREADY_EXISTS)', () => {
    given(payeeDecider, [registered])
      .when(registerPayee())
      .thenRejects({ kind: 'conflict', code: ErrorCodes.ALREADY_EXISTS, field: 'payeeId' });
  });

  it('refuses a malformed payeeId', () => {
    given(payeeDecider)
      .when(registerPayee({ payeeId: 'H 001' }))
      .thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'payeeId' });
  });

  it.each([
    ['type', { type: 'bank' as never }],
    ['level', { level: 'quaternary' as never }],
    ['name', { name: '' }],
    ['class', { class: '' }],
    ['region', { region: ' ' }],
  ] as const)('refuses an invalid %s', (field, overrides) => {
    given(payeeDecider)
      .when(registerPayee(overrides))
      .thenRejects({ kind: 'validation', code: ErrorCodes.INVALID_FIELD, field });
  });
});
