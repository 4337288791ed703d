import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@ledger/platform';
import { HospitalBudgetStreams } from '../../hospital-budget/hospital-budget.streams';
import { plain } from '../plain';
import { decideAssignPaymentMethods } from './assign-payment-methods.decider';
import { AssignPaymentMethodsCommand } from './assign-payment-methods.command';

@CommandHandler(AssignPaymentMethodsCommand)
export class AssignPaymentMethodsHandler implements ICommandHandler<AssignPaymentMethodsCommand, CommandResult> {
  constructor(private readonly streams: HospitalBudgetStreams) {}

  async execute({ envelope, request }: AssignPaymentMethodsCommand): Promise<CommandResult> {
    const { fundId, payeeId, year, fromMonth } = request;
    await this.streams.assertRegistered(fundId, payeeId);
    return this.streams.handle(
      envelope,
      { type: 'AssignPaymentMethods', fundId, payeeId, year, fromMonth, methods: plain(request.methods) },
      decideAssignPaymentMethods,
    );
  }
}
