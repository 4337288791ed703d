import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { AssignPaymentMethodsCommand } from './assign-payment-methods.command';
import { AssignPaymentMethodsRequest } from './assign-payment-methods.request.dto';

@CommandController('hospital-budgets', 'payment-method-assignments')
export class AssignPaymentMethodsController {
  constructor(private readonly commands: CommandBus) {}

  /** Names the hospital-year's payment methods from a month on: global budget alone, or with unit-price methods. */
  @CommandEndpoint({
    roles: WRITE_ROLES.planning,
    summary: "Assign a hospital-year's payment methods -> PaymentMethodsAssigned",
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND',
    refused: 'METHODS_ALREADY_USED, QUOTA_NOT_SET, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  assign(@Body() request: AssignPaymentMethodsRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new AssignPaymentMethodsCommand(envelope, request));
  }
}
