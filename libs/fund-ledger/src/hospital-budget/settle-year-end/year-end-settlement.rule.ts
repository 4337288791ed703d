import { allocate, Decimal, max, min, roundFen, sum, yuan, ZERO } from '@ledger/money';
import type { ClawbackTreatment, RetentionMode } from '../../shared/budget-policy';
import { assertNever, invariant } from '../../shared/decider';
import type { TierSplitData, YearEndBreakdownData } from '../hospital-budget.events';
import type { ClawbackTreatmentSource, ParsedPolicy, ParsedTier } from '../hospital-budget.policy';

/**
 * Year-end settlement arithmetic (年终考核清算), pure: inputs -> breakdown, all Decimal, every amount to the fen.
 *
 *   C       = the year's in-year clawbacks; the policy's clawbackTreatment decides what they do:
 *             reduce_actual:            A = approved − C, and nothing is deducted (Cd = 0);
 *             deduct_from_entitlement:  A = approved (gross of clawbacks), and Cd = C is deducted from E;
 *   overrun = max(0, A − Q), split by overrun tiers into fund / hospital parts;
 *   surplus = max(0, Q − A), split by surplus tiers into retained / not retained;
 *   E₀      = min(A, Q) + fund overrun share + (cash mode ? retained : 0)   (E before clawbacks);
 *   E       = E₀ − Cd;
 *   returned deposit = score ≥ min score ? W × score / 100 : 0 (nothing when the agreement was terminated
 *             for cause, whatever the score);   D = W − returned;
 *   adjustment = E − (approved − C) = E₀ − A;   final = adjustment + DP + W − D − P   (≥ 0 pay, < 0 receivable);
 *   a positive final is held (owed, not paid) when the agreement was terminated for cause.
 *
 * Why deduct_from_entitlement: with reduce_actual, a hospital inside the fully retained surplus band keeps
 * E = Q whatever A is, and one beyond the shared overrun band gets E = Q + the capped fund share whatever A
 * is; lowering A by a clawback then does not lower E, so the year end pays the clawback back in full.
 *
 * Why final is right whatever the monthly history was: each settlement splits its approved amount into
 * prepaid offset + deferred + payable, so Σapproved = (G − P) + DP + PY, with G prepaid gross and PY payable
 * paid in the year. The hospital therefore receives, over the year, (G − W) + PY + final
 * = Σapproved + adjustment − D = E − D + C, and the clawbacks C are receivables it owes back: net E − D
 * under either treatment. With PY = 0 that is WE-4's "E − paid − D" with paid = G − W.
 */
export interface YearEndRuleInputs {
  /** Q: the final quota (initial + adjustments + carried-in credit). */
  readonly quotaYuan: Decimal;
  /** Σ approved monthly settlements of this fund (gross of clawbacks). */
  readonly approvedYuan: Decimal;
  /** C: the year's in-year clawbacks (late clawbacks about a closed year never count here). */
  readonly inYearClawbacksYuan: Decimal;
  /** W: deposit withheld from prepayments, still held. */
  readonly withheldYuan: Decimal;
  /** P: prepayments not offset by settlements. */
  readonly prepaidOutstandingYuan: Decimal;
  /** DP: approved amounts deferred by the in-year cash cap. */
  readonly deferredPayableYuan: Decimal;
  readonly scorePoints: Decimal;
  readonly policy: ParsedPolicy;
  /** The agreement was terminated for cause: no deposit is returned and a payment is held until released. */
  readonly agreementTerminatedForCause: boolean;
}

export type DepositReturnRule = 'score' | 'agreement_terminated_for_cause';

export interface TierSplit {
  readonly tier: number;
  readonly upToQuotaRatio: Decimal | null;
  readonly boundYuan: Decimal | null;
  readonly amountYuan: Decimal;
  readonly share: Decimal;
  readonly shareYuan: Decimal;
  readonly restYuan: Decimal;
}

export interface YearEndBreakdown {
  readonly clawbackTreatment: ClawbackTreatment;
  readonly clawbackTreatmentSource: ClawbackTreatmentSource;
  /** A: the actual measured against Q (net of clawbacks under reduce_actual, gross under deduct_from_entitlement). */
  readonly actualYuan: Decimal;
  readonly overrunYuan: Decimal;
  readonly overrunTiers: readonly TierSplit[];
  readonly fundOverrunShareYuan: Decimal;
  readonly hospitalOverrunShareYuan: Decimal;
  readonly surplusYuan: Decimal;
  readonly surplusTiers: readonly TierSplit[];
  readonly retainedYuan: Decimal;
  readonly notRetainedYuan: Decimal;
  readonly retentionMode: RetentionMode;
  readonly retainedPaidYuan: Decimal;
  readonly carryForwardCreditYuan: Decimal;
  readonly entitlementBeforeClawbacksYuan: Decimal;
  readonly clawbacksDeductedYuan: Decimal;
  readonly entitlementYuan: Decimal;
  readonly depositReturnRule: DepositReturnRule;
  readonly depositReturnedYuan: Decimal;
  readonly depositForfeitedYuan: Decimal;
  readonly adjustmentYuan: Decimal;
  readonly finalYuan: Decimal;
  readonly paymentYuan: Decimal;
  readonly heldPaymentYuan: Decimal;
  readonly receivableYuan: Decimal;
  readonly hospitalAbsorbsYuan: Decimal;
  readonly hospitalNetYuan: Decimal;
  readonly fundNetCostYuan: Decimal;
}

export function computeYearEndSettlement(inputs: YearEndRuleInputs): YearEndBreakdown {
  assertInputs(inputs);
  const { quotaYuan: q, policy } = inputs;
  const { actual: a, deducted } = measureActual(inputs);
  const overrun = max(ZERO, a.minus(q));
  const overrunTiers = splitByTiers(overrun, q, policy.overrunTiers);
  const fundOverrunShare = sum(overrunTiers.map((t) => t.shareYuan));
  const hospitalOverrunShare = sum(overrunTiers.map((t) => t.restYuan));
  const surplus = max(ZERO, q.minus(a));
  const surplusTiers = splitByTiers(surplus, q, policy.surplusTiers);
  const retained = sum(surplusTiers.map((t) => t.shareYuan));
  const cash = policy.retentionMode === 'cash';
  const retainedPaid = cash ? retained : ZERO;
  const entitlementBefore = min(a, q).plus(fundOverrunShare).plus(retainedPaid);
  const entitlement = entitlementBefore.minus(deducted);
  const forCause = inputs.agreementTerminatedForCause;
  const { returned, forfeited } = forCause
    ? { returned: ZERO, forfeited: inputs.withheldYuan }
    : settleDeposit(inputs.withheldYuan, inputs.scorePoints, policy.depositReturnMinScore);
  const adjustment = entitlementBefore.minus(a);
  const final = adjustment
    .plus(inputs.deferredPayableYuan)
    .plus(inputs.withheldYuan)
    .minus(forfeited)
    .minus(inputs.prepaidOutstandingYuan);
  const owed = max(ZERO, final);
  const breakdown: YearEndBreakdown = {
    clawbackTreatment: policy.clawbackTreatment,
    clawbackTreatmentSource: policy.clawbackTreatmentSource,
    actualYuan: a,
    overrunYuan: overrun,
    overrunTiers,
    fundOverrunShareYuan: fundOverrunShare,
    hospitalOverrunShareYuan: hospitalOverrunShare,
    surplusYuan: surplus,
    surplusTiers,
    retainedYuan: retained,
    notRetainedYuan: surplus.minus(retained),
    retentionMode: policy.retentionMode,
    retainedPaidYuan: retainedPaid,
    carryForwardCreditYuan: cash ? ZERO : retained,
    entitlementBeforeClawbacksYuan: entitlementBefore,
    clawbacksDeductedYuan: deducted,
    entitlementYuan: entitlement,
    depositReturnRule: forCause ? 'agreement_terminated_for_cause' : 'score',
    depositReturnedYuan: returned,
    depositForfeitedYuan: forfeited,
    adjustmentYuan: adjustment,
    finalYuan: final,
    paymentYuan: forCause ? ZERO : owed,
    heldPaymentYuan: forCause ? owed : ZERO,
    receivableYuan: max(ZERO, final.negated()),
    hospitalAbsorbsYuan: hospitalOverrunShare.plus(forfeited),
    hospitalNetYuan: retained.minus(hospitalOverrunShare).minus(forfeited),
    fundNetCostYuan: entitlement.minus(forfeited),
  };
  assertBreakdown(inputs, breakdown);
  return breakdown;
}

/** A and the clawbacks deducted from E, by the policy's clawbackTreatment. */
export function measureActual(inputs: Pick<YearEndRuleInputs, 'approvedYuan' | 'inYearClawbacksYuan' | 'policy'>): {
  actual: Decimal;
  deducted: Decimal;
} {
  const { approvedYuan: approved, inYearClawbacksYuan: clawbacks } = inputs;
  switch (inputs.policy.clawbackTreatment) {
    case 'reduce_actual':
      return { actual: approved.minus(clawbacks), deducted: ZERO };
    case 'deduct_from_entitlement':
      return { actual: approved, deducted: clawbacks };
    default:
      return assertNever(inputs.policy.clawbackTreatment, 'clawback treatment');
  }
}

/**
 * Tier i covers the amount up to upToQuotaRatio_i × Q (cumulative, rounded to the fen); the open-ended last
 * tier takes the rest. Within a tier, allocate() splits [share, 1 − share] so the two parts add up exactly.
 */
export function splitByTiers(amount: Decimal, quota: Decimal, tiers: readonly ParsedTier[]): TierSplit[] {
  let remaining = amount;
  let lowerBound = ZERO;
  return tiers.map((tier, index) => {
    const bound = tier.upToQuotaRatio === null ? null : roundFen(tier.upToQuotaRatio.times(quota));
    const width = bound === null ? remaining : max(ZERO, bound.minus(lowerBound));
    const inTier = min(remaining, width);
    remaining = remaining.minus(inTier);
    lowerBound = bound ?? lowerBound;
    const [shareYuan, restYuan] = allocate(inTier, [tier.share, new Decimal(1).minus(tier.share)]) as [
      Decimal,
      Decimal,
    ];
    return {
      tier: index + 1,
      upToQuotaRatio: tier.upToQuotaRatio,
      boundYuan: bound,
      amountYuan: inTier,
      share: tier.share,
      shareYuan,
      restYuan,
    };
  });
}

/** Deposit returned = W × S / 100 (half-up to the fen) when S reaches the policy minimum, else nothing. */
export function settleDeposit(
  withheld: Decimal,
  score: Decimal,
  minScore: Decimal,
): { returned: Decimal; forfeited: Decimal } {
  const returned = score.gte(minScore) ? roundFen(withheld.times(score).div(100)) : ZERO;
  return { returned, forfeited: withheld.minus(returned) };
}

function assertInputs(inputs: YearEndRuleInputs): void {
  const amounts = [
    inputs.quotaYuan,
    inputs.approvedYuan,
    inputs.inYearClawbacksYuan,
    inputs.withheldYuan,
    inputs.prepaidOutstandingYuan,
    inputs.deferredPayableYuan,
  ];
  for (const amount of amounts) {
    invariant(
      !amount.isNegative() && amount.equals(roundFen(amount)),
      `year-end input ${amount.toString()} must be a non-negative fen amount`,
    );
  }
  invariant(inputs.quotaYuan.gt(0), 'year-end settlement needs a positive quota');
  invariant(
    inputs.inYearClawbacksYuan.lte(inputs.approvedYuan),
    'in-year clawbacks never exceed the approved settlements',
  );
  invariant(inputs.scorePoints.gte(0) && inputs.scorePoints.lte(100), 'score must be 0..100');
}

function assertBreakdown(inputs: YearEndRuleInputs, b: YearEndBreakdown): void {
  invariant(b.overrunYuan.isZero() || b.surplusYuan.isZero(), 'a year cannot both overrun and save');
  invariant(
    sum(b.overrunTiers.map((t) => t.amountYuan)).equals(b.overrunYuan),
    'overrun tiers must cover the overrun exactly',
  );
  invariant(
    sum(b.surplusTiers.map((t) => t.amountYuan)).equals(b.surplusYuan),
    'surplus tiers must cover the surplus exactly',
  );
  invariant(
    b.fundOverrunShareYuan.plus(b.hospitalOverrunShareYuan).equals(b.overrunYuan),
    'overrun shares must add up',
  );
  // min(A, Q) = A − overrun, so E = A − hospital overrun share + retained paid − Cd: the fund never pays more.
  const expected = b.actualYuan
    .minus(b.hospitalOverrunShareYuan)
    .plus(b.retainedPaidYuan)
    .minus(b.clawbacksDeductedYuan);
  invariant(b.entitlementYuan.equals(expected), 'entitlement identity E = A − hospital share + retained paid − Cd');
  invariant(
    b.clawbackTreatment === 'deduct_from_entitlement' || b.clawbacksDeductedYuan.isZero(),
    'clawbacks are deducted from E only under deduct_from_entitlement',
  );
  invariant(b.heldPaymentYuan.isZero() || b.paymentYuan.isZero(), 'a year-end payment is paid or held, not both');
  invariant(
    !b.depositForfeitedYuan.isNegative() && b.depositForfeitedYuan.lte(inputs.withheldYuan),
    'forfeit within 0..W',
  );
  invariant(
    b.paymentYuan.isZero() || b.receivableYuan.isZero(),
    'a year ends with a payment or a receivable, not both',
  );
}

/** The event form: yuan strings with two places. */
export function toBreakdownData(b: YearEndBreakdown): YearEndBreakdownData {
  return {
    clawbackTreatment: b.clawbackTreatment,
    clawbackTreatmentSource: b.clawbackTreatmentSource,
    overrunYuan: yuan(b.overrunYuan),
    overrunTiers: b.overrunTiers.map(toTierData),
    fundOverrunShareYuan: yuan(b.fundOverrunShareYuan),
    hospitalOverrunShareYuan: yuan(b.hospitalOverrunShareYuan),
    surplusYuan: yuan(b.surplusYuan),
    surplusTiers: b.surplusTiers.map(toTierData),
    retainedYuan: yuan(b.retainedYuan),
    notRetainedYuan: yuan(b.notRetainedYuan),
    retentionMode: b.retentionMode,
    retainedPaidYuan: yuan(b.retainedPaidYuan),
    carryForwardCreditYuan: yuan(b.carryForwardCreditYuan),
    entitlementBeforeClawbacksYuan: yuan(b.entitlementBeforeClawbacksYuan),
    clawbacksDeductedYuan: yuan(b.clawbacksDeductedYuan),
    entitlementYuan: yuan(b.entitlementYuan),
    depositReturnRule: b.depositReturnRule,
    depositReturnedYuan: yuan(b.depositReturnedYuan),
    depositForfeitedYuan: yuan(b.depositForfeitedYuan),
    adjustmentYuan: yuan(b.adjustmentYuan),
    finalYuan: yuan(b.finalYuan),
    paymentYuan: yuan(b.paymentYuan),
    heldPaymentYuan: yuan(b.heldPaymentYuan),
    receivableYuan: yuan(b.receivableYuan),
    hospitalAbsorbsYuan: yuan(b.hospitalAbsorbsYuan),
    hospitalNetYuan: yuan(b.hospitalNetYuan),
    fundNetCostYuan: yuan(b.fundNetCostYuan),
  };
}

function toTierData(t: TierSplit): TierSplitData {
  return {
    tier: t.tier,
    upToQuotaRatio: t.upToQuotaRatio === null ? null : t.upToQuotaRatio.toString(),
    boundYuan: t.boundYuan === null ? null : yuan(t.boundYuan),
    amountYuan: yuan(t.amountYuan),
    share: t.share.toString(),
    shareYuan: yuan(t.shareYuan),
    restYuan: yuan(t.restYuan),
  };
}
