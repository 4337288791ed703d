import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { ReleaseHeldYearEndPaymentCommand } from './release-held-year-end-payment.command';
import { ReleaseHeldYearEndPaymentRequest } from './release-held-year-end-payment.request.dto';

@CommandController('hospital-budgets', 'year-end-settlements')
export class ReleaseHeldYearEndPaymentController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Pays the year-end payment held because the agreement was terminated for cause, on a decision that
   * releases it. The releasing actor is recorded (four-eyes approval: issue #14 §3).
   */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    path: 'held-payment-releases',
    summary: 'Release a held year-end payment -> HeldYearEndPaymentReleased (Dr deferred_payable, Cr cash)',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused: 'NO_HELD_PAYMENT (year not settled, nothing held, or already released), EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  release(
    @Body() request: ReleaseHeldYearEndPaymentRequest,
    @Envelope() envelope: CommandEnvelope,
  ): Promise<CommandResult> {
    return this.commands.execute(new ReleaseHeldYearEndPaymentCommand(envelope, request));
  }
}
