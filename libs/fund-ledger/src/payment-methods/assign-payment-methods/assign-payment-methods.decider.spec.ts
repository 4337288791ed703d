import { ErrorCodes } from '../../shared/domain-error';
import { BEFORE_YEAR, KEY, MID_YEAR, setQuota, settlementDay } from '../../hospital-budget/test/hospital-budget.fixtures';
import { PaymentMethodErrorCodes } from '../payment-methods.errors';
import { assign, given, methodSettle, steps } from '../test/method-fixtures';

const quotaSet = steps([[setQuota('36000000.00'), BEFORE_YEAR]]);

describe('AssignPaymentMethods', () => {
  it('records global budget plus unit-price methods for named case types from a month on', () => {
    given(quotaSet)
      .when(
        {
          type: 'AssignPaymentMethods',
          ...KEY,
          fromMonth: 1,
          methods: [
            { method: 'drg', caseTypes: ['inpatient'] },
            { method: 'single_disease', caseTypes: ['inpatient_listed_disease'] },
          ],
        },
        BEFORE_YEAR,
      )
      .then([
        {
          type: 'PaymentMethodsAssigned',
          data: {
            ...KEY,
            effectiveDate: '2023-12-15',
            fromMonth: 1,
            methods: [
              { method: 'drg', caseTypes: ['inpatient'] },
              { method: 'single_disease', caseTypes: ['inpatient_listed_disease'] },
            ],
            previousMethods: [],
          },
        },
      ]);
  });

  it('a later assignment applies from its month; the earlier months keep theirs', () => {
    const { state } = given(steps([[assign(['drg']), BEFORE_YEAR]], quotaSet))
      .when(assign([], 7), MID_YEAR)
      .thenEvents();
    expect(state.paymentMethods.assignments).toEqual([
      { fromMonth: 1, methods: ['drg'] },
      { fromMonth: 7, methods: [] },
    ]);
  });

  describe('refuses', () => {
    it('rewriting a month already settled by method (METHODS_ALREADY_USED)', () => {
      const used = steps(
        [
          [assign(['drg']), BEFORE_YEAR],
          [methodSettle(3, 'drg', [{ groupCode: 'FR23', cases: 1 }]), settlementDay(3)],
        ],
        quotaSet,
      );
      const error = given(used).when(assign([], 3), MID_YEAR).thenThrows(PaymentMethodErrorCodes.METHODS_ALREADY_USED, 'business_rule');
      expect(error.field).toBe('fromMonth');
      given(used).when(assign([], 4), MID_YEAR).thenEvents();
    });

    it('before the quota is set (QUOTA_NOT_SET)', () => {
      given([]).when(assign(['drg']), BEFORE_YEAR).thenThrows(ErrorCodes.QUOTA_NOT_SET);
    });

    it.each([
      ['an unknown method', [{ method: 'dip', caseTypes: ['inpatient'] }], 'methods[0].method'],
      ['a method named twice', [{ method: 'drg', caseTypes: ['a'] }, { method: 'drg', caseTypes: ['b'] }], 'methods[1].method'],
      ['no case type', [{ method: 'drg', caseTypes: [] }], 'methods[0].caseTypes'],
    ])('%s (400)', (_name, methods, field) => {
      const error = given(quotaSet)
        .when({ type: 'AssignPaymentMethods', ...KEY, fromMonth: 1, methods }, BEFORE_YEAR)
        .thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
      expect(error.field).toBe(field);
    });
  });
});
