import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ProblemException, WRITE_ROLES, type CommandEnvelope } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { type ClosedFundYear, CloseFundYearCommand, type FundCloseOutcome } from './close-fund-year.command';
import { CloseFundYearRequest } from './close-fund-year.request.dto';

/** 422 HOSPITAL_YEARS_NOT_SETTLED when some hospital-years could not be settled (the others stay settled; retry the same command). */
export const HOSPITAL_YEARS_NOT_SETTLED = 'HOSPITAL_YEARS_NOT_SETTLED';

@CommandController('fund-close', 'fund-closes')
export class CloseFundYearController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Year-end close of a fund (年终清算): settles every hospital-year (policy freeze, YearEndSettled, carry-in to
   * next year, each idempotent), then records FundYearClosed with the totals. A closed year answers its report.
   */
  @CommandEndpoint({
    roles: WRITE_ROLES.money,
    summary:
      'Close a fund-year -> YearEndSettled (+ BalanceCarriedIn) per hospital, FundYearClosed on fund-close-{fundId}-{year}',
    notFound: 'FUND_NOT_FOUND',
    refused:
      'HOSPITAL_YEARS_NOT_SETTLED (with failures[]), INVALID_TRANSITION (no run in force and no payeeIds), EFFECTIVE_DATE_OUTSIDE_YEAR',
  })
  async close(@Body() request: CloseFundYearRequest, @Envelope() envelope: CommandEnvelope): Promise<ClosedFundYear> {
    return closedOrRefused(await this.commands.execute(new CloseFundYearCommand(envelope, request)));
  }
}

/** An incomplete close is an answer for the CLI and a 422 (with the counts and failures) for HTTP. */
function closedOrRefused(outcome: FundCloseOutcome): ClosedFundYear {
  if (outcome.status === 'closed') return outcome;
  const { fundId, year, settlements, failures, hospitals } = outcome;
  throw new ProblemException(
    422,
    HOSPITAL_YEARS_NOT_SETTLED,
    'Refused by a business rule',
    `${settlements.failed} of ${hospitals} hospital-years of fund ${fundId} for ${year} could not be settled, so the year is not closed; the others are settled. Fix them (e.g. record the score) and send the same command again.`,
    'payeeIds',
    { settlements, failures },
  );
}
