import { applyRate, Decimal } from '@ledger/money';
import { invariant } from '../../shared/decider';

export interface PayrollRates {
  readonly employerRate: Decimal;
  readonly maternityRateOfPayroll: Decimal;
  readonly employeeRate: Decimal;
  readonly personalShareOfEmployerBasic: Decimal;
}

export interface PayrollSplit {
  readonly employeePart: Decimal;
  readonly employerPart: Decimal;
  readonly maternity: Decimal;
  readonly employerBasic: Decimal;
  readonly personalFromEmployer: Decimal;
  /** To the personal accounts: all of the employee part + a share of the employer's basic part (R-FIN-3). */
  readonly personal: Decimal;
  /** To the pooled fund: the rest of the employer's basic part. */
  readonly pooled: Decimal;
  readonly total: Decimal;
}

/**
 * R-FIN-2/3, WE-7. Each rated line is rounded half-up to the fen on its own ([PROPOSAL] in §7); the
 * derived lines are differences, so the three funds' shares add up to what employer and employee pay
 * with no fen lost or created.
 */
export function splitPayrollContribution(base: Decimal, rates: PayrollRates): PayrollSplit {
  const employeePart = applyRate(base, rates.employeeRate);
  const employerPart = applyRate(base, rates.employerRate);
  const maternity = applyRate(base, rates.maternityRateOfPayroll);
  const employerBasic = employerPart.minus(maternity);
  const personalFromEmployer = applyRate(employerBasic, rates.personalShareOfEmployerBasic);
  const personal = employeePart.plus(personalFromEmployer);
  const pooled = employerBasic.minus(personalFromEmployer);
  const total = employeePart.plus(employerPart);
  invariant(!employerBasic.isNegative() && !pooled.isNegative(), 'payroll split: a negative share');
  invariant(personal.plus(pooled).plus(maternity).equals(total), 'payroll split: the shares do not add up');
  return { employeePart, employerPart, maternity, employerBasic, personalFromEmployer, personal, pooled, total };
}
