import { Decimal } from '@ledger/money';

/**
 * The demo city (a 泉州-like prefecture): its funds, hospitals, employers and residents, all derived from
 * one seed, so every run plans the same commands with the same bodies (and therefore the same command ids
 * answer the same results: a second run appends nothing).
 */
export const DEMO_YEAR = 2025;
export const DEMO_SEED = 20250101;
export const POOLING_REGION = '泉州市';

export const FUNDS = {
  employeePooled: { fundId: 'EMP-POOLED', name: '职工基本医疗保险统筹基金', kind: 'employee_pooled' },
  employeePersonal: { fundId: 'EMP-PERSONAL', name: '职工基本医疗保险个人账户', kind: 'employee_personal' },
  residentPooled: { fundId: 'RES-POOLED', name: '城乡居民基本医疗保险基金', kind: 'resident_pooled' },
  // The WE-7 payroll split needs a maternity fund to receive the employer's 0.6 %.
  maternity: { fundId: 'MATERNITY', name: '生育保险基金', kind: 'maternity' },
} as const;

export type DemoLevel = 'tertiary' | 'secondary' | 'primary';

export interface DemoHospital {
  readonly payeeId: string;
  readonly name: string;
  readonly level: DemoLevel;
  readonly class: string;
  readonly region: string;
  /** The budget funds it has an agreement with: every hospital the employee fund, primary care also the resident fund. */
  readonly funds: readonly string[];
}

export interface DemoEmployer {
  readonly employerId: string;
  readonly headcount: number;
  /** Monthly declared contribution base of all its employees, yuan. */
  readonly monthlyBaseYuan: string;
}

/** Small deterministic PRNG (mulberry32): a ratio in [0, 1) per call. Not money: amounts are Decimal. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ratio between lo and hi, four places, from the PRNG. */
export function ratioBetween(random: () => number, lo: string, hi: string): Decimal {
  const span = new Decimal(hi).minus(lo);
  return new Decimal(lo).plus(span.times(random().toFixed(4))).toDecimalPlaces(4);
}

const REGIONS = ['鲤城区', '丰泽区', '洛江区', '泉港区', '晋江市', '石狮市', '南安市', '惠安县', '安溪县', '永春县', '德化县'];
const SHAPES: ReadonlyArray<{ level: DemoLevel; class: string; label: string; count: number }> = [
  { level: 'tertiary', class: 'general', label: '人民医院', count: 4 },
  { level: 'tertiary', class: 'tcm', label: '中医院', count: 1 },
  { level: 'tertiary', class: 'maternal_child', label: '妇幼保健院', count: 1 },
  { level: 'secondary', class: 'general', label: '医院', count: 10 },
  { level: 'secondary', class: 'tcm', label: '中医院', count: 4 },
  { level: 'secondary', class: 'specialty', label: '专科医院', count: 4 },
  { level: 'primary', class: 'township', label: '卫生院', count: 20 },
  { level: 'primary', class: 'community', label: '社区卫生服务中心', count: 6 },
];

/** 50 hospitals of mixed levels and classes, spread over the city's districts and counties. */
export function demoHospitals(): DemoHospital[] {
  const hospitals: DemoHospital[] = [];
  for (const shape of SHAPES) {
    for (let i = 1; i <= shape.count; i += 1) {
      const n = hospitals.length + 1;
      const region = REGIONS[(n * 7) % REGIONS.length]!;
      const prefix = shape.level === 'tertiary' ? POOLING_REGION : region;
      const ordinal = shape.count > 1 ? `第${i}` : '';
      hospitals.push({
        payeeId: `QZ-H${String(n).padStart(3, '0')}`,
        name: `${prefix}${ordinal}${shape.label}`,
        level: shape.level,
        class: shape.class,
        region,
        funds: shape.level === 'primary' ? [FUNDS.employeePooled.fundId, FUNDS.residentPooled.fundId] : [FUNDS.employeePooled.fundId],
      });
    }
  }
  return hospitals;
}

const QUOTA_RANGE_YUAN: Record<string, Record<DemoLevel, [string, string]>> = {
  [FUNDS.employeePooled.fundId]: { tertiary: ['60000000', '120000000'], secondary: ['15000000', '40000000'], primary: ['2000000', '6000000'] },
  [FUNDS.residentPooled.fundId]: { tertiary: ['0', '0'], secondary: ['0', '0'], primary: ['1500000', '4000000'] },
};

/** A hospital-year's quota, whole ten-thousands of yuan (万元), as a planner sets them. */
export function demoQuota(random: () => number, fundId: string, level: DemoLevel): Decimal {
  const [lo, hi] = QUOTA_RANGE_YUAN[fundId]![level];
  const exact = new Decimal(lo).plus(new Decimal(hi).minus(lo).times(random().toFixed(4)));
  return exact.div(10_000).toDecimalPlaces(0).times(10_000);
}

/** Eight employers whose payroll funds the employee funds (average wages well above the 3,715 floor). */
export function demoEmployers(random: () => number): DemoEmployer[] {
  const names = ['QZ-GOV-ORGANS', 'QZ-PUBLIC-INST', 'ANTA-SPORTS', 'HENGAN-GROUP', 'JOMOO-KITCHEN', 'SEPTWOLVES', 'QZ-PORT-GROUP', 'JINJIANG-SME-POOL'];
  return names.map((employerId, i) => {
    const headcount = 20_000 + Math.floor(random() * 40_000) + i * 1_000;
    const wageYuan = ratioBetween(random, '6500', '9500').toDecimalPlaces(0);
    return { employerId, headcount, monthlyBaseYuan: wageYuan.times(headcount).toFixed(2) };
  });
}

/** Residents insured through the resident fund, and the yearly individual contribution and subsidy per person. */
export const RESIDENTS = { insured: 420_000, individualPerPersonYuan: '380', subsidyPerPersonYuan: '640' } as const;
