import { PaymentMethodErrorCodes, type PaymentMethodErrorCode } from './payment-methods.errors';

/**
 * The payment methods' part of the API documentation: request examples in workflow order and the meaning of
 * their problem codes, shaped like application/request-examples.ts and the problem catalog. The examples run
 * after the 2025 examples, on a hospital of their own (H-003, 2026, employee fund EMP-POOLED): its agreement,
 * quota, the fund-year's rate table, its methods, a month of each method and a per-case quarter cleared.
 */
export interface PaymentMethodExample {
  readonly name: string;
  readonly summary: string;
  readonly value: Readonly<Record<string, unknown>>;
}

type Catalog = ReadonlyArray<readonly [operation: string, examples: readonly PaymentMethodExample[]]>;

const FUND = 'EMP-POOLED';
const HOSPITAL = 'H-003';
const hospitalYear = { fundId: FUND, payeeId: HOSPITAL, year: 2026 };
const ex = (name: string, summary: string, value: Record<string, unknown>): PaymentMethodExample => ({ name, summary, value });
const perCaseMonth = (month: number, cases: number, claimedYuan: string, effectiveDate: string) =>
  ex(`per-case-month-${month}`, `Per-case cap, month ${month}: pre-settle min(claimed, cases × 5,000)`, {
    ...hospitalYear,
    month,
    method: 'per_case_cap',
    lines: [{ cases, claimedYuan }],
    effectiveDate,
  });

export const PAYMENT_METHOD_REQUEST_EXAMPLES: Catalog = [
  ['POST /payees', [ex('drg-hospital', 'A hospital paid by DRG and by disease beside its global budget', { payeeId: HOSPITAL, name: '泉州市第二医院', type: 'hospital', level: 'tertiary', class: 'general', region: '丰泽区', effectiveDate: '2025-12-01' })]],
  ['POST /agreements', [ex('drg-hospital-2026', 'Its 2026 agreement with the employee fund', { payeeId: HOSPITAL, agreementId: 'AGR-H-003-2026', fundId: FUND, validFrom: '2026-01-01', validTo: '2026-12-31', effectiveDate: '2025-12-01' })]],
  ['POST /quotas', [ex('drg-hospital-quota', 'Its 2026 global budget (the unit-price methods count inside it)', { ...hospitalYear, quotaYuan: '24000000.00', method: 'manual', effectiveDate: '2025-12-20' })]],
  [
    'POST /rate-tables',
    [
      ex('rates-2026', 'The 2026 rate table: DRG weights and base rate, disease standards, per diem, per-case standard', {
        fundId: FUND,
        year: 2026,
        effectiveFrom: '2026-01-01',
        drg: {
          baseRateYuan: '8765.43',
          groups: [
            { code: 'FR23', weight: '1.2345' },
            { code: 'GB25', weight: '0.8765' },
            { code: 'ES11', weight: '2.0437' },
          ],
        },
        singleDisease: [{ code: 'K35.8', standardYuan: '6000.00' }],
        perDiem: { rateYuan: '110.00', patientSharePerDay: { inServiceYuan: '20.00', retiredYuan: '12.00' } },
        perCaseCap: { standardYuan: '5000.00' },
        note: '2026年DRG分组权重、病种标准、床日标准与次均标准',
        effectiveDate: '2025-12-20',
      }),
    ],
  ],
  [
    'POST /payment-method-assignments',
    [
      ex('mixed', 'Global budget plus DRG, single disease, per diem and the per-case cap for named case types', {
        ...hospitalYear,
        fromMonth: 1,
        methods: [
          { method: 'drg', caseTypes: ['inpatient'] },
          { method: 'single_disease', caseTypes: ['inpatient_listed_disease'] },
          { method: 'per_diem', caseTypes: ['psychiatric_inpatient'] },
          { method: 'per_case_cap', caseTypes: ['inpatient_fee_for_service'] },
        ],
        effectiveDate: '2025-12-20',
      }),
    ],
  ],
  [
    'POST /method-settlements',
    [
      ex('drg-january', 'January by DRG: cases × weight × base rate per group', {
        ...hospitalYear,
        month: 1,
        method: 'drg',
        lines: [
          { groupCode: 'FR23', cases: 12, weight: '1.2345' },
          { groupCode: 'GB25', cases: 7 },
          { groupCode: 'ES11', cases: 3, costYuan: '50000.00' },
        ],
        effectiveDate: '2026-02-05',
      }),
      ex('single-disease-january', 'January by disease (WE-5): 3 × 6,000 whatever the cost', {
        ...hospitalYear,
        month: 1,
        method: 'single_disease',
        lines: [
          { diseaseCode: 'K35.8', caseRef: 'ZY-2026-000101', cases: 1, costYuan: '5200.00' },
          { diseaseCode: 'K35.8', caseRef: 'ZY-2026-000102', cases: 1, costYuan: '5800.00' },
          { diseaseCode: 'K35.8', caseRef: 'ZY-2026-000103', cases: 1, costYuan: '7100.00' },
        ],
        effectiveDate: '2026-02-05',
      }),
      ex('per-diem-january', 'January per bed-day (WE-6): 110/day less the patient share', {
        ...hospitalYear,
        month: 1,
        method: 'per_diem',
        lines: [
          { category: 'in_service', bedDays: 30, costYuan: '4000.00' },
          { category: 'retired', bedDays: 45 },
        ],
        effectiveDate: '2026-02-05',
      }),
      perCaseMonth(1, 100, '560000.00', '2026-02-05'),
      perCaseMonth(2, 80, '380000.00', '2026-03-05'),
      perCaseMonth(3, 120, '610000.00', '2026-04-03'),
    ],
  ],
  ['POST /per-case-clearings', [ex('q1', 'Clear the first quarter (WE-3): pays 20,000, refuses 50,000', { ...hospitalYear, quarter: 1, effectiveDate: '2026-04-10' })]],
];

const docs: Readonly<Record<PaymentMethodErrorCode, { status: number; meaning: string }>> = {
  [PaymentMethodErrorCodes.RATE_TABLE_NOT_SET]: { status: 422, meaning: 'No rate-table version of the fund-year is in force for the month (POST /rate-tables); a read of a missing table answers it as 404.' },
  [PaymentMethodErrorCodes.RATE_NOT_IN_TABLE]: { status: 422, meaning: 'The rate-table version in force for the month does not price this method; set a version that does.' },
  [PaymentMethodErrorCodes.UNKNOWN_GROUP_CODE]: { status: 422, meaning: 'A DRG line names a group the rate table does not have; `field` names the line (lines[i].groupCode).' },
  [PaymentMethodErrorCodes.UNKNOWN_DISEASE_CODE]: { status: 422, meaning: 'A single-disease line names a disease the rate table does not have; `field` names the line.' },
  [PaymentMethodErrorCodes.WEIGHT_NOT_IN_TABLE]: { status: 422, meaning: "A DRG line's weight is not the table's weight for its group; `field` names the line (lines[i].weight)." },
  [PaymentMethodErrorCodes.METHOD_NOT_ASSIGNED]: { status: 422, meaning: 'The hospital-year is not paid by this method in that month or quarter (POST /payment-method-assignments); without an assignment it is global budget alone.' },
  [PaymentMethodErrorCodes.METHOD_ALREADY_SETTLED]: { status: 422, meaning: 'This month of this method is settled already: one settlement per hospital-year, month and method. Correct it with a clawback.' },
  [PaymentMethodErrorCodes.METHODS_ALREADY_USED]: { status: 422, meaning: 'Months up to this one are already settled by method; a new assignment applies from the next month on.' },
  [PaymentMethodErrorCodes.QUARTER_INCOMPLETE]: { status: 422, meaning: 'A month of the quarter paid by the per-case cap is not pre-settled yet; the message names it. Clear the quarter afterwards.' },
  [PaymentMethodErrorCodes.QUARTER_ALREADY_CLEARED]: { status: 422, meaning: 'This quarter of the per-case cap is cleared already: once per quarter.' },
  [PaymentMethodErrorCodes.RATE_TABLE_VERSION_LIMIT]: { status: 422, meaning: 'The fund-year has the most rate-table versions allowed (50).' },
};

export const PAYMENT_METHOD_PROBLEM_CODES: Readonly<Record<string, { status: number; meaning: string }>> = docs;
