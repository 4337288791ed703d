/**
 * The request examples /docs shows for "Try it out", one small city's year in the order it happens: set
 * up the funds, a hospital and its agreement; plan the policy; collect contributions; the finance team's
 * months of 2025 (quota, prepayment, settlement, enforcement, score, year-end settlement); the planners'
 * 2026 (fund budget, history import, preview, commit); the 2025 close; agreement changes. Each is a whole
 * body that works when the examples before it have been sent (test/e2e/openapi-examples.e2e.spec.ts posts
 * them all, in this order, to a fresh app). commandId is left out here: the document gives every example
 * a UUID of its own. effectiveDate is explicit, so that an example about 2025 still works in a later year.
 */
import type { RequestExample, RequestExampleCatalog } from './application/request-example';
import { FUND_BOOK_PAYEE_EXAMPLES, FUND_BOOK_REQUEST_EXAMPLES } from './fund-book/fund-book.examples';
import { PAYMENT_METHOD_REQUEST_EXAMPLES } from './payment-methods/payment-methods.examples';


const FUND = 'EMP-POOLED';
const HOSPITAL = 'H-001';
/**
 * A township hospital of the resident fund whose agreement is terminated for cause: its year-end payment
 * is held, then released.
 */
const TOWNSHIP = 'H-002';
const RESIDENT_FUND = 'RES-POOLED';
const hospitalYear = { fundId: FUND, payeeId: HOSPITAL, year: 2025 };
const townshipYear = { fundId: RESIDENT_FUND, payeeId: TOWNSHIP, year: 2025 };

const fundExample = (name: string, fundId: string, kind: string, title: string): RequestExample => ({
  name,
  summary: `${title} (${kind})`,
  value: { fundId, name: title, kind, poolingRegion: '泉州市', effectiveDate: '2025-01-01' },
});

const runInputs = {
  fundId: FUND,
  year: 2026,
  method: 'share_of_history',
  methodVersion: 'v1',
  inputSource: 'import',
  importId: 'IMP-2026-01',
  effectiveDate: '2025-12-20',
};

export const REQUEST_EXAMPLES: RequestExampleCatalog = [
  [
    'POST /funds',
    [
      fundExample('employee-pooled', FUND, 'employee_pooled', '职工基本医疗保险统筹基金'),
      fundExample('employee-personal', 'EMP-PERSONAL', 'employee_personal', '职工医保个人账户'),
      fundExample('maternity', 'MATERNITY', 'maternity', '生育保险基金'),
      fundExample('resident-pooled', 'RES-POOLED', 'resident_pooled', '城乡居民基本医疗保险基金'),
      fundExample('medical-assistance', 'MED-AID', 'medical_assistance', '医疗救助基金'),
    ],
  ],
  [
    'POST /payees',
    [
      {
        name: 'hospital',
        summary: 'A tertiary general hospital',
        value: { payeeId: HOSPITAL, name: '泉州市第一医院', type: 'hospital', level: 'tertiary', class: 'general', region: '鲤城区', effectiveDate: '2025-01-01' },
      },
      {
        name: 'township-hospital',
        summary: 'A primary township hospital',
        value: { payeeId: TOWNSHIP, name: '河市镇卫生院', type: 'hospital', level: 'primary', class: 'general', region: '洛江区', effectiveDate: '2025-01-01' },
      },
      ...FUND_BOOK_PAYEE_EXAMPLES,
    ],
  ],
  [
    'POST /agreements',
    [
      {
        name: 'two-years',
        summary: 'The hospital signs with the employee fund for 2025-2026',
        value: { payeeId: HOSPITAL, agreementId: 'AGR-H-001-2025', fundId: FUND, validFrom: '2025-01-01', validTo: '2026-12-31', effectiveDate: '2025-01-01' },
      },
      {
        name: 'township',
        summary: 'The township hospital signs with the resident fund for 2025-2026',
        value: { payeeId: TOWNSHIP, agreementId: 'AGR-H-002-2025', fundId: RESIDENT_FUND, validFrom: '2025-01-01', validTo: '2026-12-31', effectiveDate: '2025-01-01' },
      },
    ],
  ],
  // The fund book: the resident fund's opening balance comes before anything is booked on it.
  ...FUND_BOOK_REQUEST_EXAMPLES,
  [
    'POST /budget-policies',
    [
      {
        name: 'policy-2025',
        summary: "The 2025 policy: 10% deposit, the fund shares 70% of an overrun up to 10% of the quota",
        value: {
          fundId: FUND,
          year: 2025,
          changes: {
            depositWithholdRate: '0.10',
            overrunTiers: [
              { upToQuotaRatio: '0.10', fundShare: '0.70' },
              { upToQuotaRatio: null, fundShare: '0' },
            ],
            surplusTiers: [
              { upToQuotaRatio: '0.10', retainedShare: '1' },
              { upToQuotaRatio: null, retainedShare: '0.5' },
            ],
            retentionMode: 'cash',
            depositReturnMinScore: '60',
          },
          effectiveDate: '2025-01-01',
        },
      },
    ],
  ],
  [
    'POST /contribution-rates',
    [
      {
        name: 'rates-2025',
        summary: 'Employee contribution rates for 2025',
        value: {
          pooledFundId: FUND,
          personalFundId: 'EMP-PERSONAL',
          maternityFundId: 'MATERNITY',
          year: 2025,
          employerRate: '0.086',
          maternityRateOfPayroll: '0.006',
          employeeRate: '0.02',
          personalShareOfEmployerBasic: '0.30',
          baseFloorYuan: '3715.00',
          effectiveDate: '2025-01-01',
        },
      },
    ],
  ],
  [
    'POST /contributions/payroll',
    [
      {
        name: 'january-payroll',
        summary: "An employer's January payroll contribution (split between the pool, personal accounts and maternity)",
        value: { collectionId: 'PAYROLL-E-001-2025-01', employerId: 'E-001', pooledFundId: FUND, period: '2025-01', declaredBaseYuan: '6000.00', headcount: 1, effectiveDate: '2025-01-15' },
      },
    ],
  ],
  [
    'POST /contributions',
    [
      {
        name: 'resident-individual',
        summary: "A batch of residents' own contributions",
        value: { collectionId: 'RES-2025-01-BATCH-1', fundId: 'RES-POOLED', source: 'individual', amountYuan: '380.00', period: '2025-01', effectiveDate: '2025-01-20' },
      },
    ],
  ],
  [
    'POST /quotas',
    [
      {
        name: 'manual-quota',
        summary: "The hospital's 2025 quota (总额预算指标), set by hand",
        value: { ...hospitalYear, quotaYuan: '36000000.00', method: 'manual', effectiveDate: '2025-01-05' },
      },
      { name: 'township-quota', summary: "The township hospital's quota", value: { ...townshipYear, quotaYuan: '1000000.00', method: 'manual', effectiveDate: '2025-01-05' } },
    ],
  ],
  [
    'POST /quotas/adjustments',
    [
      {
        name: 'increase',
        summary: 'A mid-year increase for a normal overrun',
        value: { ...hospitalYear, reason: 'normal_overrun_increase', direction: 'increase', amountYuan: '1800000.00', note: '新技术开展，正常超定额，申请增加额度', effectiveDate: '2025-06-30' },
      },
    ],
  ],
  [
    'POST /prepayments',
    [{ name: 'january', summary: "January's prepayment (预付), the deposit withheld", value: { ...hospitalYear, month: 1, grossYuan: '3000000.00', effectiveDate: '2025-01-10' } }],
  ],
  [
    'POST /settlements',
    [
      {
        name: 'january',
        summary: "January's settlement after the month ended, with one refused case",
        value: {
          ...hospitalYear,
          month: 1,
          claimedYuan: '3166666.67',
          refusals: [{ ruleId: 'R-ENF-7', caseRef: 'ZY-2025-000123', baseYuan: '8000.00', multiplier: '2', includesBase: false, note: '冒名住院，先拒付再放大2倍' }],
          effectiveDate: '2025-02-10',
        },
      },
      { name: 'township-january', summary: "The township hospital's January settlement, nothing refused", value: { ...townshipYear, month: 1, claimedYuan: '100000.00', refusals: [], effectiveDate: '2025-02-10' } },
    ],
  ],
  [
    'POST /clawbacks',
    [
      {
        name: 'readmission',
        summary: 'A clawback found by review: a receivable on the hospital',
        value: { fundId: FUND, payeeId: HOSPITAL, serviceYear: 2025, amountYuan: '7200.00', caseRef: 'ZY-2025-000456', reason: '出院28日内同病种再次住院，上次住院费用拒付', ruleId: 'R-ENF-11', receivableId: 'CB-2025-0001', effectiveDate: '2025-03-15' },
      },
    ],
  ],
  [
    'POST /receivable-recoveries',
    [{ name: 'repaid', summary: 'The hospital repays the clawback', value: { ...hospitalYear, amountYuan: '7200.00', receivableId: 'CB-2025-0001', method: 'repayment', effectiveDate: '2025-04-15' } }],
  ],
  [
    'POST /liquidated-damages',
    [
      {
        name: 'bed-blocking',
        summary: 'Liquidated damages under the agreement',
        value: { fundId: FUND, payeeId: HOSPITAL, serviceYear: 2025, baseYuan: '8000.00', multiplier: '3', ruleId: 'R-ENF-7', caseRef: 'ZY-2025-000789', reason: '挂床住院，依协议收取违约金', receivableId: 'LD-2025-0001', effectiveDate: '2025-05-10' },
      },
    ],
  ],
  [
    'POST /fines',
    [
      {
        name: 'administrative-fine',
        summary: 'An administrative fine (to the treasury)',
        value: { fundId: FUND, payeeId: HOSPITAL, serviceYear: 2025, baseYuan: '100000.00', multiplier: '2', ruleId: 'R-ENF-1', caseRef: 'JC-2025-0012', decisionRef: '泉医保罚字〔2025〕6号', fineId: 'FINE-2025-0001', effectiveDate: '2025-05-20' },
      },
    ],
  ],
  // Due process (issue #14 §2), here because it belongs to the year before its close: the hospital objects
  // to January's refusal (a hospital token omits effectiveDate: it files on the day it sends; the admin that
  // posts these examples enters a paper objection with the day it was received), the agency upholds it in
  // part, and the fine above is cancelled on appeal.
  [
    'POST /objections',
    [
      {
        name: 'january-refusal',
        summary: "Object to January's refused case within 5 days of the statement",
        value: { ...hospitalYear, month: 1, lines: [0], reason: '该病例有住院病历及床位记录，非冒名住院，申请复核', effectiveDate: '2025-02-14' },
      },
    ],
  ],
  [
    'POST /objections/decisions',
    [
      {
        name: 'upheld-in-part',
        summary: 'Uphold it in part: the base case is paid by a supplementary settlement (补充结算)',
        value: { ...hospitalYear, month: 1, decision: 'upheld', overturned: [{ line: 0, amountYuan: '8000.00' }], decisionRef: '泉医保复字〔2025〕2号', reason: '复核确认病历齐全，撤销基数拒付，放大部分维持', effectiveDate: '2025-02-25' },
      },
    ],
  ],
  [
    'POST /penalty-cancellations',
    [
      {
        name: 'fine-set-aside',
        summary: 'Cancel the fine on appeal (the treasury memorandum reversed)',
        value: { ...hospitalYear, penaltyKind: 'fine', penaltyId: 'FINE-2025-0001', decisionRef: '泉政复决字〔2025〕11号', reason: '行政复议决定撤销原处罚决定', effectiveDate: '2025-06-30' },
      },
    ],
  ],
  [
    'POST /assessment-scores',
    [
      {
        name: 'weighted',
        summary: "The year's assessment score (考核得分) from its weighted components",
        value: {
          ...hospitalYear,
          components: [
            { name: '医保局考核', weight: '0.9', scorePoints: '95' },
            { name: '群众满意度调查', weight: '0.1', scorePoints: '80' },
          ],
          effectiveDate: '2025-12-31',
        },
      },
      { name: 'township-score', summary: 'A single score', value: { ...townshipYear, scorePoints: '85', effectiveDate: '2025-12-31' } },
    ],
  ],
  [
    'POST /agreements/terminations',
    [
      {
        name: 'for-cause',
        summary: "Terminate the township hospital's agreement for cause (its year-end payment will be held)",
        value: { payeeId: TOWNSHIP, fundId: RESIDENT_FUND, reason: '伪造医疗文书骗取医保基金，解除定点协议', forCause: true, effectiveDate: '2025-12-31' },
      },
    ],
  ],
  [
    'POST /year-end-settlements',
    [
      { name: 'settle-2025', summary: 'The year-end settlement (年终清算), in the next January', value: { ...hospitalYear, effectiveDate: '2026-01-05' } },
      { name: 'township-held', summary: 'The township hospital: no deposit returned, its positive result held', value: { ...townshipYear, effectiveDate: '2026-01-05' } },
    ],
  ],
  [
    'POST /fund-budgets',
    [
      {
        name: 'budget-2026',
        summary: "The planners' 2026 fund budget for hospital quotas",
        value: {
          fundId: FUND,
          year: 2026,
          totalForQuotasYuan: '40000000.00',
          basis: { projectedIncomeYuan: '70000000.00', reserveYuan: '15000000.00', excludedEarmarks: [{ name: '单病种定额结算', amountYuan: '15000000.00' }] },
          effectiveDate: '2025-12-10',
        },
      },
    ],
  ],
  [
    'POST /allocation-runs/history-imports',
    [
      {
        name: 'one-chunk',
        summary: "The hospitals' audited spending of the last three years, in one chunk",
        value: {
          fundId: FUND,
          year: 2026,
          importId: 'IMP-2026-01',
          chunk: 1,
          chunks: 1,
          records: [
            {
              payeeId: HOSPITAL,
              history: [
                { year: 2023, spendingYuan: '35000000.00' },
                { year: 2024, spendingYuan: '36500000.00' },
                { year: 2025, spendingYuan: '37200000.00' },
              ],
            },
          ],
          effectiveDate: '2025-12-15',
        },
      },
    ],
  ],
  ['POST /allocation-runs/preview', [{ name: 'from-import', summary: 'Preview the 2026 run from the imported history (writes nothing)', value: runInputs }]],
  ['POST /allocation-runs', [{ name: 'from-import', summary: "Commit the 2026 run: each hospital's quota", value: runInputs }]],
  [
    'POST /fund-closes',
    [{ name: 'close-2025', summary: 'Close the 2025 employee fund-year (its hospital-years were set by hand: name them)', value: { fundId: FUND, year: 2025, payeeIds: [HOSPITAL], effectiveDate: '2026-01-05' } }],
  ],
  [
    'POST /year-end-settlements/held-payment-releases',
    [
      {
        name: 'release',
        summary: 'Release the held payment on a decision',
        value: { ...townshipYear, decisionRef: '泉医保决〔2026〕3号', note: '司法判决后解除暂扣', effectiveDate: '2026-01-05' },
      },
    ],
  ],
  [
    'POST /agreements/suspensions',
    [{ name: 'suspend', summary: 'Suspend the agreement for three months', value: { payeeId: HOSPITAL, fundId: FUND, reason: '2025年度考核发现分解住院，暂停结算3个月', untilDate: '2026-04-30', effectiveDate: '2026-01-05' } }],
  ],
  [
    'POST /agreements/reinstatements',
    [{ name: 'reinstate', summary: 'Reinstate it after rectification', value: { payeeId: HOSPITAL, fundId: FUND, reason: '整改完成，恢复结算', effectiveDate: '2026-01-05' } }],
  ],
  [
    'POST /agreements/terminations',
    [{ name: 'terminate', summary: 'Terminate an agreement by consent (not for cause)', value: { payeeId: HOSPITAL, fundId: FUND, reason: '医院合并，协商解除定点协议', forCause: false, effectiveDate: '2026-01-05' } }],
  ],
  // Payment methods beside the global budget (issue #15): a hospital of their own, in 2026.
  ...PAYMENT_METHOD_REQUEST_EXAMPLES,
];
