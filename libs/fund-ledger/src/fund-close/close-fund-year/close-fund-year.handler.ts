import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ProblemException } from '@ledger/platform';
import { FundCloseService } from '../fund-close.service';
import { type ClosedFundYear, CloseFundYearCommand } from './close-fund-year.command';

/** 422 HOSPITAL_YEARS_NOT_SETTLED when some hospital-years could not be settled (the others stay settled; retry the same command). */
export const HOSPITAL_YEARS_NOT_SETTLED = 'HOSPITAL_YEARS_NOT_SETTLED';

@CommandHandler(CloseFundYearCommand)
export class CloseFundYearHandler implements ICommandHandler<CloseFundYearCommand, ClosedFundYear> {
  constructor(private readonly closes: FundCloseService) {}

  async execute({ envelope, request }: CloseFundYearCommand): Promise<ClosedFundYear> {
    const { fundId, year, payeeIds } = request;
    const outcome = await this.closes.close(envelope, {
      fundId,
      year,
      payeeIds: payeeIds === undefined ? null : [...payeeIds],
    });
    if (outcome.status === 'closed') return outcome;
    const { settlements, failures, hospitals } = outcome;
    throw new ProblemException(
      422,
      HOSPITAL_YEARS_NOT_SETTLED,
      'Refused by a business rule',
      `${settlements.failed} of ${hospitals} hospital-years of fund ${fundId} for ${year} could not be settled, so the year is not closed; the others are settled. Fix them (e.g. record the score) and send the same command again.`,
      'payeeIds',
      { settlements, failures },
    );
  }
}
