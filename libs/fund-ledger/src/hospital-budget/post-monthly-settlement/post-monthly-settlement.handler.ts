import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../hospital-budget.streams';
import { CoFundingInput, RefusalInput, decidePostMonthlySettlement } from './post-monthly-settlement.decider';
import { PostMonthlySettlementCommand } from './post-monthly-settlement.command';
import type { CoFundingRequest, RefusalRequest } from './post-monthly-settlement.request.dto';

@CommandHandler(PostMonthlySettlementCommand)
export class PostMonthlySettlementHandler implements ICommandHandler<PostMonthlySettlementCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  /** A recorded command id answers its first result before any fact is read again: facts move on (a year closes). */
  execute(command: PostMonthlySettlementCommand): Promise<CommandResult> {
    return this.streams.firstResultOr(command.envelope, () => this.run(command));
  }

  private async run({ envelope, request }: PostMonthlySettlementCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, month, claimedYuan, refusals, coFunding } = request;
    const { agreement, policy, fundKind } = await this.streams.paymentFacts({ fundId, payeeId, year });
    // The co-fund pays its part directly: it must exist (404 naming the field) and be of a kind that may
    // co-pay (the decider's rule, 422).
    const coFundKind = coFunding ? await this.streams.fundKind(coFunding.fundId, 'coFunding.fundId') : undefined;
    return this.streams.handle(
      envelope,
      {
        type: 'PostMonthlySettlement',
        fundId,
        payeeId,
        year,
        month,
        claimedYuan,
        refusals: refusals.map(refusalInput),
        coFunding: coFunding ? coFundingInput(coFunding) : null,
        agreement,
        policy,
        fundKind,
        ...(coFundKind === undefined ? {} : { coFundKind }),
      },
      decidePostMonthlySettlement,
    );
  }
}

/** Plain objects with only the fields sent (the DTO instances carry class identity and undefined keys). */
function refusalInput(r: RefusalRequest): RefusalInput {
  return {
    ruleId: r.ruleId,
    caseRef: r.caseRef,
    baseYuan: r.baseYuan,
    multiplier: r.multiplier,
    includesBase: r.includesBase,
    note: r.note,
  };
}

function coFundingInput(c: CoFundingRequest): CoFundingInput {
  return { fundId: c.fundId, ratio: c.ratio };
}
