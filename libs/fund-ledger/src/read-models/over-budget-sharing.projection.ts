import type { JsonValue, RecordedEvent } from '@ledger/event-store';
import type { Projection } from '@ledger/projections';
import { Decimal, ZERO } from '@ledger/money';
import { invariant } from '../shared/decider';
import type { YearEndSettledData } from '../hospital-budget/hospital-budget.events';
import { compareText, dataOf, out, percent } from './read-model-support';

/**
 * over-budget-sharing (超支分担): per settled hospital-year, the overrun of the audited actual over the quota
 * and how the year-end settlement split it between the fund and the hospital (tier by tier, as recorded
 * in YearEndSettled). Totals per fund-year are summed at query time.
 */
export interface SharingTier {
  readonly tier: number;
  readonly upToQuotaRatio: string | null;
  readonly fundShareRatio: string;
  readonly amount: Decimal;
  readonly fundShare: Decimal;
  readonly hospitalShare: Decimal;
}

export interface SharingRow {
  readonly fundId: string;
  readonly payeeId: string;
  readonly year: number;
  readonly settledOn: string;
  readonly policyVersion: string;
  readonly quota: Decimal;
  readonly actual: Decimal;
  readonly overrun: Decimal;
  readonly fundShare: Decimal;
  readonly hospitalShare: Decimal;
  readonly tiers: readonly SharingTier[];
  readonly depositForfeited: Decimal;
  readonly hospitalAbsorbs: Decimal;
}

export interface OverBudgetSharingState {
  /** Keyed `${fundId}|${payeeId}|${year}`: one year-end per hospital-year (the stream closes). */
  readonly rows: Map<string, SharingRow>;
}

export function applySharing(state: OverBudgetSharingState, event: RecordedEvent): OverBudgetSharingState {
  if (event.type !== 'YearEndSettled') return state;
  const data = dataOf<YearEndSettledData>(event);
  const b = data.breakdown;
  const tiers = b.overrunTiers.map((t) => ({
    tier: t.tier,
    upToQuotaRatio: t.upToQuotaRatio,
    fundShareRatio: t.share,
    amount: new Decimal(t.amountYuan),
    fundShare: new Decimal(t.shareYuan),
    hospitalShare: new Decimal(t.restYuan),
  }));
  const row: SharingRow = {
    fundId: data.fundId,
    payeeId: data.payeeId,
    year: data.year,
    settledOn: data.effectiveDate,
    policyVersion: data.policyVersion,
    quota: new Decimal(data.inputs.quotaYuan),
    actual: new Decimal(data.inputs.actualYuan),
    overrun: new Decimal(b.overrunYuan),
    fundShare: new Decimal(b.fundOverrunShareYuan),
    hospitalShare: new Decimal(b.hospitalOverrunShareYuan),
    tiers,
    depositForfeited: new Decimal(b.depositForfeitedYuan),
    hospitalAbsorbs: new Decimal(b.hospitalAbsorbsYuan),
  };
  invariant(row.fundShare.plus(row.hospitalShare).equals(row.overrun), `${data.fundId}/${data.payeeId}/${data.year}: fund + hospital shares ≠ overrun`);
  let tierTotal = ZERO;
  for (const t of tiers) tierTotal = tierTotal.plus(t.amount);
  invariant(tiers.length === 0 || tierTotal.equals(row.overrun), `${data.fundId}/${data.payeeId}/${data.year}: overrun tiers ≠ overrun`);
  state.rows.set(`${data.fundId}|${data.payeeId}|${data.year}`, row);
  return state;
}

function rowView(row: SharingRow) {
  return {
    fundId: row.fundId,
    payeeId: row.payeeId,
    year: row.year,
    settledOn: row.settledOn,
    policyVersion: row.policyVersion,
    quotaYuan: out(row.quota),
    actualYuan: out(row.actual),
    overrunYuan: out(row.overrun),
    overrunPercentOfQuota: percent(row.overrun, row.quota),
    fundShareYuan: out(row.fundShare),
    hospitalShareYuan: out(row.hospitalShare),
    tiers: row.tiers.map((t) => ({
      tier: t.tier,
      upToQuotaRatio: t.upToQuotaRatio,
      fundShareRatio: t.fundShareRatio,
      amountYuan: out(t.amount),
      fundShareYuan: out(t.fundShare),
      hospitalShareYuan: out(t.hospitalShare),
    })),
    depositForfeitedYuan: out(row.depositForfeited),
    hospitalAbsorbsYuan: out(row.hospitalAbsorbs),
  };
}

/**
 * Hospital-years with an overrun (largest first, paged) and the totals per fund-year over every settled
 * hospital-year selected (so hospitalsSettled counts the ones without an overrun too).
 */
export function overBudgetSharingView(
  state: OverBudgetSharingState,
  query: { fundId?: string; year?: number; limit: number; offset: number },
) {
  const selected = [...state.rows.values()].filter(
    (r) => (query.fundId === undefined || r.fundId === query.fundId) && (query.year === undefined || r.year === query.year),
  );
  const totals = new Map<string, { fundId: string; year: number; overrun: Decimal; fund: Decimal; hospital: Decimal; settled: number; overran: number }>();
  for (const r of selected) {
    const key = `${r.fundId}|${r.year}`;
    let t = totals.get(key);
    if (t === undefined) {
      t = { fundId: r.fundId, year: r.year, overrun: ZERO, fund: ZERO, hospital: ZERO, settled: 0, overran: 0 };
      totals.set(key, t);
    }
    t.settled += 1;
    if (r.overrun.gt(0)) t.overran += 1;
    t.overrun = t.overrun.plus(r.overrun);
    t.fund = t.fund.plus(r.fundShare);
    t.hospital = t.hospital.plus(r.hospitalShare);
  }
  const overran = selected
    .filter((r) => r.overrun.gt(0))
    .sort(
      (a, b) =>
        b.overrun.comparedTo(a.overrun) || compareText(a.fundId, b.fundId) || a.year - b.year || compareText(a.payeeId, b.payeeId),
    );
  return {
    totals: [...totals.values()]
      .sort((a, b) => compareText(a.fundId, b.fundId) || a.year - b.year)
      .map((t) => ({
        fundId: t.fundId,
        year: t.year,
        hospitalsSettled: t.settled,
        hospitalsOverrun: t.overran,
        overrunYuan: out(t.overrun),
        fundShareYuan: out(t.fund),
        hospitalShareYuan: out(t.hospital),
      })),
    total: overran.length,
    limit: query.limit,
    offset: query.offset,
    items: overran.slice(query.offset, query.offset + query.limit).map(rowView),
  };
}

type Amount = 'quota' | 'actual' | 'overrun' | 'fundShare' | 'hospitalShare' | 'depositForfeited' | 'hospitalAbsorbs';
const AMOUNTS: readonly Amount[] = ['quota', 'actual', 'overrun', 'fundShare', 'hospitalShare', 'depositForfeited', 'hospitalAbsorbs'];

type TierJson = Omit<SharingTier, 'amount' | 'fundShare' | 'hospitalShare'> & { amount: string; fundShare: string; hospitalShare: string };
export type RowJson = Omit<SharingRow, Amount | 'tiers'> & Record<Amount, string> & { tiers: TierJson[] };

export function rowToJson(row: SharingRow): RowJson {
  const json = {
    fundId: row.fundId,
    payeeId: row.payeeId,
    year: row.year,
    settledOn: row.settledOn,
    policyVersion: row.policyVersion,
    tiers: row.tiers.map((t) => ({
      tier: t.tier,
      upToQuotaRatio: t.upToQuotaRatio,
      fundShareRatio: t.fundShareRatio,
      amount: t.amount.toString(),
      fundShare: t.fundShare.toString(),
      hospitalShare: t.hospitalShare.toString(),
    })),
  } as RowJson;
  for (const field of AMOUNTS) json[field] = row[field].toString();
  return json;
}

export function rowFromJson(json: RowJson): SharingRow {
  const amounts = {} as Record<Amount, Decimal>;
  for (const field of AMOUNTS) amounts[field] = new Decimal(json[field]);
  return {
    fundId: json.fundId,
    payeeId: json.payeeId,
    year: json.year,
    settledOn: json.settledOn,
    policyVersion: json.policyVersion,
    ...amounts,
    tiers: json.tiers.map((t) => ({
      tier: t.tier,
      upToQuotaRatio: t.upToQuotaRatio,
      fundShareRatio: t.fundShareRatio,
      amount: new Decimal(t.amount),
      fundShare: new Decimal(t.fundShare),
      hospitalShare: new Decimal(t.hospitalShare),
    })),
  };
}

export const overBudgetSharingProjection: Projection<OverBudgetSharingState> = {
  name: 'over-budget-sharing',
  version: 1,
  initialState: () => ({ rows: new Map() }),
  apply: applySharing,
  toJson(state): JsonValue {
    return { rows: [...state.rows.values()].map(rowToJson) } as unknown as JsonValue;
  },
  fromJson(json): OverBudgetSharingState {
    const parsed = json as unknown as { rows: RowJson[] };
    const rows = new Map<string, SharingRow>();
    for (const r of parsed.rows) rows.set(`${r.fundId}|${r.payeeId}|${r.year}`, rowFromJson(r));
    return { rows };
  },
};
