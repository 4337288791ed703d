import { invariant } from '../shared/decider';
import { accounts, Posting, TREASURY_FUND } from '../shared/journal';
import { FundKind } from '../registry/registry.events';

/**
 * The one event type allowed to post to both the employee pooled fund and the employee personal
 * accounts: a payroll contribution is external income split between them (R-FIN-3), not a transfer.
 */
export const EXTERNAL_INCOME_SPLIT_EVENT = 'PayrollContributionCollected';

/**
 * R-ACC-1 (统筹基金和个人账户…不得相互挤占): no event may post to both an employee_pooled and an
 * employee_personal fund, except the payroll income split, and that only with cash-in and income legs.
 * Per-fund balancing (assertBalanced) already stops value moving between funds; this also stops an
 * event from paying one fund's expense while booking the other's income. A violation is a decider bug,
 * so it is an invariant, not a client error. Every fund posted to must be in `fundKinds`.
 */
export function assertNoCrossFinancing(
  eventType: string,
  postings: readonly Posting[],
  fundKinds: ReadonlyMap<string, FundKind>,
): void {
  const kinds = new Set<FundKind>();
  for (const posting of postings) {
    if (posting.fundId === TREASURY_FUND) continue;
    const kind = fundKinds.get(posting.fundId);
    invariant(kind !== undefined, `R-ACC-1: the kind of fund ${posting.fundId} is not known`);
    kinds.add(kind);
  }
  if (!kinds.has('employee_pooled') || !kinds.has('employee_personal')) return;
  invariant(
    eventType === EXTERNAL_INCOME_SPLIT_EVENT,
    `R-ACC-1: ${eventType} posts to both the employee pooled fund and the personal accounts`,
  );
  const stray = postings.find((p) => !isExternalIncomeLeg(p));
  invariant(stray === undefined, `R-ACC-1: ${eventType} may only book cash in and income, not ${stray?.account}`);
}

function isExternalIncomeLeg(posting: Posting): boolean {
  if (posting.side === 'debit') return posting.account === accounts.cash(posting.fundId);
  return posting.account.startsWith(`${posting.fundId}:income:`);
}
