import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { DisbursePrepaymentCommand } from './disburse-prepayment.command';
import { DisbursePrepaymentRequest } from './disburse-prepayment.request.dto';

@CommandController('hospital-budgets', 'prepayments')
export class DisbursePrepaymentController {
  constructor(private readonly commands: CommandBus) {}

  /** Advances one month of the budget (预付), withholding the policy's quality deposit (质量保证金). */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary: 'Disburse a monthly prepayment -> PrepaymentDisbursed',
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused:
      'QUOTA_EXCEEDED (超总控), MONTH_ALREADY_PREPAID, AGREEMENT_INACTIVE, QUOTA_NOT_SET, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  disburse(@Body() request: DisbursePrepaymentRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new DisbursePrepaymentCommand(envelope, request));
  }
}
