import { ErrorCodes } from '../../shared/domain-error';
import { DueProcessErrorCodes } from '../hospital-budget.due-process.errors';
import type { HospitalBudgetEvent } from '../hospital-budget.events';
import { closedYear, on, policyWith } from '../test/hospital-budget.fixtures';
import { decideFileObjection } from './file-objection.decider';
import { fileObjection, givenFor, januarySettled } from './test/due-process.fixtures';

const given = givenFor(decideFileObjection);
const settled = januarySettled();
const filedOn = (date: string) => given(settled).when(fileObjection(date), on(date));

describe('FileObjection (异议, R-PAY-4): within 5 calendar days of the statement, the last included', () => {
  it('accepts day 5 (statement 2024-02-10 → window closes 2024-02-15, WE-16), naming the contested lines', () => {
    filedOn('2024-02-15').then([
      {
        type: 'ObjectionFiled',
        data: {
          fundId: 'EMP',
          payeeId: 'H001',
          year: 2024,
          effectiveDate: '2024-02-15',
          objectionId: 'OBJ-2024-01',
          month: 1,
          statementDate: '2024-02-10',
          windowDays: 5,
          deadline: '2024-02-15',
          lines: [
            { line: 0, ruleId: 'R-ENF-7', caseRef: 'ZY-0123', refusedYuan: '24000.00' },
            { line: 1, ruleId: 'R-ENF-11', caseRef: 'ZY-0456', refusedYuan: '7200.00' },
          ],
          contestedYuan: '31200.00',
          reason: '病历齐全，非冒名住院',
          policyVersion: 'policy-EMP-2024@3',
        },
      },
    ]);
  });

  it('accepts the statement day itself', () => {
    expect(filedOn('2024-02-10').events()[0]!.data).toMatchObject({ deadline: '2024-02-15' });
  });

  it('refuses day 6: the opinion is deemed accepted (422 OBJECTION_WINDOW_CLOSED)', () => {
    const error = filedOn('2024-02-16').thenRejects({ code: DueProcessErrorCodes.OBJECTION_WINDOW_CLOSED, kind: 'business_rule', field: 'effectiveDate' });
    expect(error.message).toMatch(/closed on 2024-02-15; the audit opinion is deemed accepted/);
  });

  it("takes the window from the policy (objectionWindowDays), and the statement date the settlement records", () => {
    const tenDays = { policy: policyWith({ objectionWindowDays: 10 }) };
    given(settled).when(fileObjection('2024-02-20', tenDays), on('2024-02-20')).events();
    given(settled).when(fileObjection('2024-02-21', tenDays), on('2024-02-21')).thenThrows(DueProcessErrorCodes.OBJECTION_WINDOW_CLOSED);
    const received = settled.map((e): HospitalBudgetEvent =>
      e.type === 'MonthlySettlementPosted' ? { ...e, data: { ...e.data, statementDate: '2024-02-12' } } : e,
    );
    expect(given(received).when(fileObjection('2024-02-17'), on('2024-02-17')).events()[0]!.data).toMatchObject({ statementDate: '2024-02-12', deadline: '2024-02-17' });
    given(received).when(fileObjection('2024-02-18'), on('2024-02-18')).thenThrows(DueProcessErrorCodes.OBJECTION_WINDOW_CLOSED);
  });

  it('counts calendar days across a month end (statement 2024-02-27 → 2024-03-03, leap year)', () => {
    const late = settled.map((e): HospitalBudgetEvent =>
      e.type === 'MonthlySettlementPosted' ? { ...e, data: { ...e.data, effectiveDate: '2024-02-27' } } : e,
    );
    expect(given(late).when(fileObjection('2024-03-03'), on('2024-03-03')).events()[0]!.data).toMatchObject({ deadline: '2024-03-03' });
    given(late).when(fileObjection('2024-03-04'), on('2024-03-04')).thenThrows(DueProcessErrorCodes.OBJECTION_WINDOW_CLOSED);
  });

  it('takes one objection per settlement month (a second is 422)', () => {
    const filed = [...settled, ...filedOn('2024-02-12').events()];
    given(filed).when(fileObjection('2024-02-13'), on('2024-02-13')).thenRejects({ code: DueProcessErrorCodes.OBJECTION_ALREADY_FILED, kind: 'business_rule', field: 'month' });
  });

  it('lets no hospital backdate into the window: its filing date is the day it is recorded', () => {
    given(settled)
      .when(fileObjection('2024-02-20'), on('2024-02-14'))
      .thenRejects({ code: DueProcessErrorCodes.OBJECTION_DATE_NOT_TODAY, kind: 'business_rule', field: 'effectiveDate' });
    // An admin enters a paper objection with the date it was received.
    given(settled).when(fileObjection('2024-02-20', { filerRole: 'admin' }), on('2024-02-14')).events();
  });

  it('refuses a month without a settlement (404), unknown or repeated lines (400), a closed year', () => {
    given(settled).when(fileObjection('2024-03-12', { month: 2 }), on('2024-03-12')).thenRejects({ code: DueProcessErrorCodes.SETTLEMENT_NOT_FOUND, kind: 'not_found', field: 'month' });
    given(settled).when(fileObjection('2024-02-12', { lines: [2] }), on('2024-02-12')).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'lines[0]' });
    given(settled).when(fileObjection('2024-02-12', { lines: [1, 1] }), on('2024-02-12')).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'lines[1]' });
    given(settled).when(fileObjection('2024-02-12', { lines: [] }), on('2024-02-12')).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'lines' });
    given(settled).when(fileObjection('2024-02-09', { filerRole: 'admin' }), on('2024-02-09')).thenRejects({ code: ErrorCodes.INVALID_FIELD, field: 'effectiveDate' });
    given(closedYear()).when(fileObjection('2025-01-20'), on('2025-01-20')).thenThrows(ErrorCodes.PERIOD_CLOSED);
  });
});
