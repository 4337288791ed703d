import fc from 'fast-check';
import type { Role } from '@ledger/platform';

/**
 * Hostile input for the write endpoints (issue 6): valid request templates with the kind of every field,
 * and fast-check arbitraries that produce values each field must refuse. Every generated value is
 * invalid by construction (filtered against the field's own rule), so any 2xx is a finding, not noise.
 */

export type FieldKind =
  | 'uuid'
  | 'id'
  | 'refId'
  | 'text'
  | 'enum'
  | 'month'
  | 'year'
  | 'headcount'
  | 'yuan'
  | 'yuan0'
  | 'date'
  | 'period'
  | 'ratio'
  | 'points'
  | 'bool'
  | 'refusals';

export interface FieldSpec {
  path: Array<string | number>;
  kind: FieldKind;
  /** text: the longest accepted length; ratio: [min, max]; enum: the accepted values. */
  maxLength?: number;
  range?: [string, string];
  values?: readonly string[];
  /** Optional fields are never removed (their absence may be valid). */
  optional?: boolean;
}

export interface EndpointSpec {
  path: string;
  /** The roles (besides admin) the endpoint accepts. */
  roles: Role[];
  template: () => Record<string, unknown>;
  fields: FieldSpec[];
}

export const HOSTILE_FUND = 'HF';
export const HOSTILE_PAYEE = 'HH1';
/** Registered, without agreement or quota until the template of /agreements and /quotas run. */
export const SPARE_PAYEE = 'HH2';

const id = (name: string): FieldSpec => ({ path: [name], kind: 'id' });
const text = (name: string, maxLength: number): FieldSpec => ({ path: [name], kind: 'text', maxLength });
const base = [{ path: ['commandId'], kind: 'uuid' } as FieldSpec];
const budgetKey = [id('fundId'), id('payeeId'), { path: ['year'], kind: 'year' } as FieldSpec];
const effectiveDate: FieldSpec = { path: ['effectiveDate'], kind: 'date', optional: true };

/** In the order the final sanity test sends them (each template is valid at that point). */
export const ENDPOINTS: EndpointSpec[] = [
  {
    path: '/funds',
    roles: ['finance'],
    template: () => ({ fundId: 'HOSTILE-NEW', name: '新基金', kind: 'maternity', poolingRegion: '泉州市' }),
    fields: [
      ...base,
      id('fundId'),
      text('name', 200),
      {
        path: ['kind'],
        kind: 'enum',
        values: ['employee_pooled', 'employee_personal', 'resident_pooled', 'medical_assistance', 'maternity'],
      },
      text('poolingRegion', 100),
    ],
  },
  {
    path: '/payees',
    roles: ['finance'],
    template: () => ({
      payeeId: 'HOSTILE-P',
      name: '新医院',
      type: 'hospital',
      level: 'secondary',
      class: 'general',
      region: '鲤城区',
    }),
    fields: [
      ...base,
      id('payeeId'),
      text('name', 200),
      { path: ['type'], kind: 'enum', values: ['hospital', 'clinic', 'pharmacy', 'insurer', 'supplier', 'clearing_house', 'other'] },
      { path: ['level'], kind: 'enum', values: ['tertiary', 'secondary', 'primary', 'none'] },
      text('class', 100),
      text('region', 100),
    ],
  },
  {
    path: '/agreements',
    roles: ['finance'],
    template: () => ({
      payeeId: SPARE_PAYEE,
      fundId: HOSTILE_FUND,
      agreementId: 'AGR-HH2',
      validFrom: '2026-01-01',
      validTo: '2026-12-31',
    }),
    fields: [
      ...base,
      id('payeeId'),
      id('fundId'),
      id('agreementId'),
      { path: ['validFrom'], kind: 'date' },
      { path: ['validTo'], kind: 'date' },
    ],
  },
  {
    path: '/quotas',
    roles: ['planner'],
    template: () => ({
      fundId: HOSTILE_FUND,
      payeeId: SPARE_PAYEE,
      year: 2026,
      quotaYuan: '1000000.00',
      method: 'manual',
      effectiveDate: '2025-12-20',
    }),
    fields: [
      ...base,
      ...budgetKey,
      { path: ['quotaYuan'], kind: 'yuan' },
      { path: ['method'], kind: 'enum', values: ['manual', 'allocation_run'] },
      effectiveDate,
    ],
  },
  {
    path: '/prepayments',
    roles: ['finance'],
    template: () => ({
      fundId: HOSTILE_FUND,
      payeeId: HOSTILE_PAYEE,
      year: 2026,
      month: 1,
      grossYuan: '100000.00',
      effectiveDate: '2026-01-01',
    }),
    fields: [
      ...base,
      ...budgetKey,
      { path: ['month'], kind: 'month' },
      { path: ['grossYuan'], kind: 'yuan' },
      effectiveDate,
    ],
  },
  {
    path: '/settlements',
    roles: ['finance'],
    template: () => ({
      fundId: HOSTILE_FUND,
      payeeId: HOSTILE_PAYEE,
      year: 2026,
      month: 1,
      claimedYuan: '90000.00',
      refusals: [{ ruleId: 'R-ENF-6', baseYuan: '100.00', multiplier: '2', includesBase: false }],
      effectiveDate: '2026-02-05',
    }),
    fields: [
      ...base,
      ...budgetKey,
      { path: ['month'], kind: 'month' },
      { path: ['claimedYuan'], kind: 'yuan0' },
      { path: ['refusals'], kind: 'refusals' },
      { path: ['refusals', 0, 'ruleId'], kind: 'refId' },
      { path: ['refusals', 0, 'baseYuan'], kind: 'yuan' },
      { path: ['refusals', 0, 'multiplier'], kind: 'ratio', range: ['1', '10'] },
      { path: ['refusals', 0, 'includesBase'], kind: 'bool' },
      effectiveDate,
    ],
  },
  {
    path: '/clawbacks',
    roles: ['finance'],
    template: () => ({
      fundId: HOSTILE_FUND,
      payeeId: HOSTILE_PAYEE,
      serviceYear: 2026,
      amountYuan: '5000.00',
      caseRef: 'ZY-2026-1',
      reason: '分解住院',
      effectiveDate: '2026-03-20',
    }),
    fields: [
      ...base,
      id('fundId'),
      id('payeeId'),
      { path: ['serviceYear'], kind: 'year' },
      { path: ['amountYuan'], kind: 'yuan' },
      text('caseRef', 100),
      text('reason', 500),
      effectiveDate,
    ],
  },
  {
    path: '/fines',
    roles: ['finance'],
    template: () => ({
      fundId: HOSTILE_FUND,
      payeeId: HOSTILE_PAYEE,
      serviceYear: 2026,
      baseYuan: '1000.00',
      multiplier: '3',
      ruleId: 'R-ENF-1',
      caseRef: 'JC-2026-1',
      decisionRef: '罚字〔2026〕1号',
      effectiveDate: '2026-03-22',
    }),
    fields: [
      ...base,
      id('fundId'),
      id('payeeId'),
      { path: ['serviceYear'], kind: 'year' },
      { path: ['baseYuan'], kind: 'yuan' },
      { path: ['multiplier'], kind: 'ratio', range: ['1', '10'] },
      { path: ['ruleId'], kind: 'refId' },
      text('caseRef', 100),
      text('decisionRef', 100),
      effectiveDate,
    ],
  },
  {
    path: '/contributions/payroll',
    roles: ['finance'],
    template: () => ({
      employerId: 'EMPLOYER-1',
      pooledFundId: HOSTILE_FUND,
      period: '2026-01',
      declaredBaseYuan: '800000.00',
      headcount: 100,
      effectiveDate: '2026-01-15',
    }),
    fields: [
      ...base,
      id('employerId'),
      id('pooledFundId'),
      { path: ['period'], kind: 'period' },
      { path: ['declaredBaseYuan'], kind: 'yuan0' },
      { path: ['headcount'], kind: 'headcount' },
      effectiveDate,
    ],
  },
  {
    path: '/assessment-scores',
    roles: ['finance', 'planner'],
    template: () => ({
      fundId: HOSTILE_FUND,
      payeeId: HOSTILE_PAYEE,
      year: 2026,
      scorePoints: '92',
      effectiveDate: '2026-12-20',
    }),
    fields: [...base, ...budgetKey, { path: ['scorePoints'], kind: 'points', optional: true }, effectiveDate],
  },
];

// ---- values ---------------------------------------------------------------------------------------

/** A hostile value: a JSON value, a raw JSON literal spliced into the text (1e400, -0), or removal. */
export type Hostile = { value: unknown } | { raw: string } | { remove: true };

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const REF_ID_PATTERN = /^[^\s:]{1,100}$/;
const YUAN_PATTERN = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$/;
const DECIMAL_PATTERN = /^(0|[1-9][0-9]{0,13})(\.[0-9]{1,8})?$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const POINTS_PATTERN = /^\d{1,3}(\.\d{1,2})?$/;

const v = (value: unknown): Hostile => ({ value });
const values = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<Hostile> => arb.map(v);

/** Strings from the whole of Unicode (lone surrogates, NUL, RTL marks, emoji, fullwidth digits). */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    '\uDFFF',
    '\u202E',
    '\uFEFF',
    '\u00A0',
    '💉',
    '医院',
    '１２３',
    '١٢٣',
    'Ⅻ',
    '\n',
    '\t',
  ),
);

/** Values of the wrong JSON type for a string field. */
const notAString = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, [], {}, ['x'], { a: 1 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(
    fc.string({ maxLength: 5 }).filter((k) => k !== '__proto__'),
    fc.string(),
    { maxKeys: 3 },
  ),
);

/** Values of the wrong JSON type for a number field. */
const notANumber = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, '', '1', '2026', ' 1', '1.0', [], {}, [1], { value: 1 }),
  fc.stringMatching(/^\d{1,6}$/),
  fc.string({ maxLength: 10 }),
);

const RAW_BAD_NUMBERS = ['1e400', '-1e400', '1.5', '12.000000000000001', '9007199254740993', '-0', '1e-400'];

const decimalsTooMany = fc
  .tuple(fc.nat({ max: 1_000_000 }), fc.stringMatching(/^\d{3,12}$/))
  .map(([i, d]) => `${i}.${d}`);
const exponents = fc
  .tuple(fc.nat({ max: 999 }), fc.constantFrom('e', 'E', 'e+', 'E-', 'e-'), fc.nat({ max: 400 }))
  .map(([m, e, x]) => `${m}${e}${x}`);
const huge = fc.stringMatching(/^[1-9]\d{14,40}(\.\d{1,2})?$/);
const negative = fc
  .tuple(fc.nat({ max: 10_000_000 }), fc.nat({ max: 99 }))
  .map(([i, c]) => `-${i}.${String(c).padStart(2, '0')}`);
const CURATED_AMOUNTS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '+Infinity',
  'infinity',
  '1e3',
  '1E3',
  '1e-3',
  '-1.00',
  '+1.00',
  ' 1.00',
  '1.00 ',
  '1,000.00',
  '1_000',
  '0x10',
  '0b1',
  '.5',
  '5.',
  '01.00',
  '00',
  '１２３.４５',
  '١٢٣',
  '1.005',
  '0.001',
  '10000000000000.01',
  '99999999999999',
  '100000000000000',
  '',
  '1.2.3',
  '∞',
  '1e',
  'e3',
  '--1',
  '1..0',
  '1.00\n',
  '\u00A01.00',
  '1.0\u0000',
  '½',
  '1/2',
  '$1.00',
  '¥1.00',
  '1.00元',
];

function badAmount(rule: 'positive' | 'non_negative'): fc.Arbitrary<Hostile> {
  const strings = fc
    .oneof(fc.constantFrom(...CURATED_AMOUNTS), decimalsTooMany, exponents, huge, negative, anyString)
    .filter((s) => !YUAN_PATTERN.test(s) || Number(s) > 1e13 || (rule === 'positive' && Number(s) === 0));
  const zero = rule === 'positive' ? [values(fc.constantFrom('0', '0.00', '0.0'))] : [];
  return fc.oneof(
    values(strings),
    ...zero,
    values(fc.oneof(fc.double(), fc.integer(), notAString)),
    fc.constantFrom(...RAW_BAD_NUMBERS).map((raw) => ({ raw })),
  );
}

function badRatio([min, max]: [string, string]): fc.Arbitrary<Hostile> {
  const outOfRange = fc
    .constantFrom(`${Number(max) + 1}`, `${max}.00000001`, '0', '0.99999999', '100', '10000000000000')
    .filter((s) => Number(s) < Number(min) || Number(s) > Number(max));
  const strings = fc
    .oneof(
      fc.constantFrom(...CURATED_AMOUNTS),
      fc.tuple(fc.nat({ max: 9 }), fc.stringMatching(/^\d{9,14}$/)).map(([i, d]) => `${i}.${d}`),
      exponents,
      negative,
      anyString,
    )
    .filter((s) => !DECIMAL_PATTERN.test(s) || Number(s) < Number(min) || Number(s) > Number(max));
  return fc.oneof(values(strings), values(outOfRange), values(fc.oneof(fc.double(), fc.integer(), notAString)));
}

function badInteger(min: number, max: number): fc.Arbitrary<Hostile> {
  return fc.oneof(
    values(
      fc.oneof(
        fc.integer({ min: max + 1 }),
        fc.integer({ max: min - 1 }),
        fc.constantFrom(2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER),
      ),
    ),
    values(fc.double({ min: min - 10, max: max + 10, noNaN: true }).filter((n) => !Number.isInteger(n))),
    values(notANumber),
    fc.constantFrom(...RAW_BAD_NUMBERS).map((raw) => ({ raw })),
  );
}

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    date.getUTCFullYear() === Number(m[1]) &&
    date.getUTCMonth() === Number(m[2]) - 1 &&
    date.getUTCDate() === Number(m[3])
  );
}

const badDate = fc.oneof(
  values(
    fc
      .oneof(
        fc.constantFrom(
          '2026-02-29',
          '2026-02-30',
          '2026-04-31',
          '2026-13-01',
          '2026-00-10',
          '2026-01-00',
          '2026-01-32',
          '2026-1-5',
          '26-01-01',
          '2026/01/01',
          '20260101',
          '2026-01-01T00:00:00Z',
          '2026-01-01 ',
          ' 2026-01-01',
          '２０２６-０１-０１',
          'today',
          '+002026-01-01',
          '2026-W01',
          '2026-001',
          '0000-00-00',
          '9999-99-99',
        ),
        fc
          .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
          .map(
            ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
          ),
        anyString,
      )
      .filter((s) => !isCalendarDate(s)),
  ),
  values(notAString),
);

const badId = fc.oneof(
  values(
    fc
      .oneof(
        fc.constantFrom(
          '',
          ' ',
          'a b',
          'H1\n',
          'Ｈ１',
          '医院',
          '💉',
          'a'.repeat(65),
          '\u0000',
          '\uD800',
          '../etc/passwd',
          'H1;DROP TABLE',
          'H1:2',
          'a.b',
          'a/b',
          '%00',
          '${x}',
          '<script>',
        ),
        anyString,
      )
      .filter((s) => !ID_PATTERN.test(s)),
  ),
  values(notAString),
);

const badRefId = fc.oneof(
  values(
    fc
      .oneof(fc.constantFrom('', 'a b', 'R:1', 'x'.repeat(101), '\t', 'R\n1'), anyString)
      .filter((s) => !REF_ID_PATTERN.test(s)),
  ),
  values(notAString),
);

const badUuid = fc.oneof(
  values(
    fc
      .oneof(
        fc.constantFrom(
          '',
          'not-a-uuid',
          '123',
          '{00000000-0000-4000-8000-000000000000}',
          '00000000-0000-4000-8000-0000000000000',
          '00000000000040008000000000000000',
        ),
        anyString,
      )
      .filter((s) => !UUID_PATTERN.test(s)),
  ),
  values(notAString),
);

function badText(maxLength: number): fc.Arbitrary<Hostile> {
  return fc.oneof(
    values(fc.constant('')),
    values(fc.integer({ min: maxLength + 1, max: maxLength + 200 }).map((n) => '长'.repeat(n))),
    values(notAString),
  );
}

function badEnum(accepted: readonly string[]): fc.Arbitrary<Hostile> {
  return fc.oneof(
    values(
      fc
        .oneof(
          fc.constantFrom(
            ...accepted.map((a) => a.toUpperCase()),
            ...accepted.map((a) => ` ${a}`),
            ...accepted.map((a) => `${a}\u0000`),
          ),
          anyString,
        )
        .filter((s) => !accepted.includes(s)),
    ),
    values(notAString),
  );
}

const badPeriod = fc.oneof(
  values(
    fc
      .oneof(
        fc.constantFrom('2026-13', '2026-00', '2026-1', '202601', '2026/01', '2026-01-01', '', '２０２６-０１'),
        anyString,
      )
      .filter((s) => !PERIOD_PATTERN.test(s)),
  ),
  values(notAString),
);

const badPoints = fc.oneof(
  values(
    fc
      .oneof(fc.constantFrom('100.01', '101', '-1', '1.001', '1e2', 'NaN', '', ' 92', '９２'), anyString)
      .filter((s) => !POINTS_PATTERN.test(s) || Number(s) > 100),
  ),
  values(notAString),
);

const badBool = values(fc.constantFrom<unknown>('true', 'false', 1, 0, null, 'yes', [], {}, [true]));

const validRefusal = { ruleId: 'R-ENF-6', baseYuan: '1.00', multiplier: '1', includesBase: true };
const badRefusals = fc.oneof(
  values(fc.constantFrom<unknown>({}, 'x', 1, null, true, [1], ['x'], [null], [[]], [{}], { 0: validRefusal })),
  values(fc.integer({ min: 501, max: 600 }).map((n) => Array.from({ length: n }, () => validRefusal))),
);

export function hostileFor(field: FieldSpec): fc.Arbitrary<Hostile> {
  const withRemoval = (arb: fc.Arbitrary<Hostile>): fc.Arbitrary<Hostile> =>
    field.optional
      ? arb
      : fc.oneof({ arbitrary: arb, weight: 9 }, { arbitrary: fc.constant<Hostile>({ remove: true }), weight: 1 });
  switch (field.kind) {
    case 'uuid':
      return withRemoval(badUuid);
    case 'id':
      return withRemoval(badId);
    case 'refId':
      return withRemoval(badRefId);
    case 'text':
      return withRemoval(badText(field.maxLength ?? 100));
    case 'enum':
      return withRemoval(badEnum(field.values ?? []));
    case 'month':
      return withRemoval(badInteger(1, 12));
    case 'year':
      return withRemoval(badInteger(2000, 2100));
    case 'headcount':
      return withRemoval(badInteger(1, 100_000));
    case 'yuan':
      return withRemoval(badAmount('positive'));
    case 'yuan0':
      return withRemoval(badAmount('non_negative'));
    case 'date':
      return withRemoval(badDate);
    case 'period':
      return withRemoval(badPeriod);
    case 'ratio':
      return withRemoval(badRatio(field.range ?? ['0', '1']));
    case 'points':
      return withRemoval(badPoints);
    case 'bool':
      return withRemoval(badBool);
    case 'refusals':
      return withRemoval(badRefusals);
  }
}

const RAW_MARKER = '\u0001raw\u0001';

/** The template with the hostile values applied, as JSON text (raw literals spliced in). */
export function applyHostile(
  template: Record<string, unknown>,
  changes: Array<{ field: FieldSpec; hostile: Hostile }>,
): string {
  const body = structuredClone(template);
  const raws: string[] = [];
  for (const { field, hostile } of changes) {
    let parent: unknown = body;
    for (const key of field.path.slice(0, -1))
      parent =
        parent !== null && typeof parent === 'object' ? (parent as Record<string | number, unknown>)[key] : undefined;
    if (parent === undefined || parent === null || typeof parent !== 'object') continue; // an outer change replaced or removed the container
    const last = field.path[field.path.length - 1]!;
    const container = parent as Record<string | number, unknown>;
    if ('remove' in hostile) delete container[last];
    else if ('raw' in hostile) {
      container[last] = `${RAW_MARKER}${raws.length}`;
      raws.push(hostile.raw);
    } else container[last] = structuredClone(hostile.value);
  }
  let text = JSON.stringify(body);
  raws.forEach((raw, i) => (text = text.replace(JSON.stringify(`${RAW_MARKER}${i}`), raw)));
  return text;
}

/** Inserts `"key": value` (JSON text) as the first member of the object that starts at `at`. */
export function insertMember(json: string, at: number, member: string): string {
  const rest = json.slice(at + 1);
  return `${json.slice(0, at + 1)}${member}${rest.startsWith('}') ? '' : ','}${rest}`;
}
