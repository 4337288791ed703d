import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PayeeScoped, WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { FileObjectionCommand } from './file-objection.command';
import { FileObjectionRequest } from './file-objection.request.dto';

@CommandController('hospital-budgets', 'objections')
export class FileObjectionController {
  constructor(private readonly commands: CommandBus) {}

  /** The hospital contests refusal lines of a month's audit opinion (异议, R-PAY-4) within the policy's window. */
  @CommandEndpoint({
    roles: WRITE_ROLES.objection,
    summary: "File an objection to a settlement's audit opinion (hospital, its own payee) -> ObjectionFiled",
    notFound: 'FUND_NOT_FOUND, PAYEE_NOT_FOUND, SETTLEMENT_NOT_FOUND',
    refused: 'OBJECTION_WINDOW_CLOSED, OBJECTION_ALREADY_FILED, OBJECTION_DATE_NOT_TODAY, PERIOD_CLOSED, EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  @PayeeScoped('body')
  file(@Body() request: FileObjectionRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.commands.execute(new FileObjectionCommand(envelope, request));
  }
}
