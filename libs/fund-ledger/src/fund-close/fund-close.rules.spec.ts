import type { YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import { summarizeSettlements } from './fund-close.rules';

/** The fields the close reads, zero unless given (the rest of the event does not enter the totals). */
function settled(payeeId: string, breakdown: Record<string, string>, inputs: Record<string, string> = {}): YearEndSettledData {
  const zeros = Object.fromEntries(
    [
      'overrunYuan', 'fundOverrunShareYuan', 'hospitalOverrunShareYuan', 'surplusYuan', 'retainedYuan', 'retainedPaidYuan',
      'carryForwardCreditYuan', 'notRetainedYuan', 'depositReturnedYuan', 'depositForfeitedYuan', 'entitlementYuan',
      'fundNetCostYuan', 'finalYuan', 'paymentYuan', 'receivableYuan',
    ].map((field) => [field, '0.00']),
  );
  return {
    payeeId,
    inputs: { quotaYuan: '1000000.00', actualYuan: '1000000.00', withheldYuan: '0.00', ...inputs },
    breakdown: { ...zeros, ...breakdown },
  } as unknown as YearEndSettledData;
}

describe('the fund close totals (summarizeSettlements)', () => {
  it('counts a held result (agreement terminated for cause) apart from payments: paid + held − receivable = Σ final', () => {
    const { totals, rows } = summarizeSettlements([
      settled('H-CAUSE', { finalYuan: '70000.00', paymentYuan: '0.00', heldPaymentYuan: '70000.00' }),
      settled('H-PLAIN', { finalYuan: '117500.00', paymentYuan: '117500.00' }),
      settled('H-OWES', { finalYuan: '-2500.00', receivableYuan: '2500.00' }),
    ]);
    expect(totals.yearEnd).toEqual({
      paymentsYuan: '117500.00',
      receivablesYuan: '2500.00',
      heldPaymentsYuan: '70000.00',
      netPaymentYuan: '115000.00',
    });
    expect(rows.map((row) => row[4])).toEqual(['70000.00', '117500.00', '-2500.00']);
  });

  it('reads a settlement recorded before held payments existed (no heldPaymentYuan) as nothing held', () => {
    const { totals } = summarizeSettlements([settled('H-OLD', { finalYuan: '5000.00', paymentYuan: '5000.00' })]);
    expect(totals.yearEnd.heldPaymentsYuan).toBe('0.00');
  });
});
