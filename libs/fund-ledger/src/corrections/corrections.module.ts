import { Module } from '@nestjs/common';
import { ApproveReversalController } from './approve-reversal/approve-reversal.controller';
import { ApproveReversalHandler } from './approve-reversal/approve-reversal.handler';
import { RejectReversalController } from './reject-reversal/reject-reversal.controller';
import { RejectReversalHandler } from './reject-reversal/reject-reversal.handler';
import { RequestReversalController } from './request-reversal/request-reversal.controller';
import { RequestReversalHandler } from './request-reversal/request-reversal.handler';
import { ReversalTargets } from './reversal-targets';

/**
 * Corrections (红字冲销): a money event of a hospital budget, a contributions stream or a fund book is
 * reversed by a request (one person) and an approval (another finance or admin user); the approval posts
 * the exact negation in the event's own stream. Asks the fund close (FundYearClosedQuery) about closed years.
 */
@Module({
  controllers: [RequestReversalController, ApproveReversalController, RejectReversalController],
  providers: [ReversalTargets, RequestReversalHandler, ApproveReversalHandler, RejectReversalHandler],
})
export class CorrectionsModule {}
