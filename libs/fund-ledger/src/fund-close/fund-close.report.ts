import { Injectable } from '@nestjs/common';
import { StreamLoader } from '@ledger/platform';
import { invariant } from '../shared/decider';
import { FUND_CLOSE_COLUMNS, fundCloseStream, type FundYearClosedData, type YearOutcome } from './fund-close.events';
import { fundCloseEvolver } from './fund-close.streams';

export interface HospitalResultView {
  readonly payeeId: string;
  readonly outcome: YearOutcome;
  readonly quotaYuan: string;
  readonly actualYuan: string;
  readonly finalYuan: string;
  readonly carryForwardCreditYuan: string;
}

/** FundYearClosed with its rows as objects. */
export interface FundCloseReport extends Omit<FundYearClosedData, 'rows' | 'columns'> {
  readonly stream: string;
  readonly hospitalResults: HospitalResultView[];
}

/** The fund-close stream folded through the shared StreamLoader. */
@Injectable()
export class FundCloseReads {
  constructor(private readonly loader: StreamLoader) {}

  /** The report of a closed fund-year, or null while it is open. */
  async closedYear(fundId: string, year: number): Promise<FundCloseReport | null> {
    const { state } = await this.loader.load(fundCloseStream(fundId, year), fundCloseEvolver);
    return state.closed === null ? null : reportOf(state.closed);
  }
}

export function reportOf(data: FundYearClosedData): FundCloseReport {
  const { rows, columns, ...rest } = data;
  invariant(columns.join() === FUND_CLOSE_COLUMNS.join(), 'FundYearClosed rows in the known layout');
  return {
    ...rest,
    stream: fundCloseStream(data.fundId, data.year),
    hospitalResults: rows.map(([payeeId, outcome, quotaYuan, actualYuan, finalYuan, carryForwardCreditYuan]) => ({
      payeeId,
      outcome,
      quotaYuan,
      actualYuan,
      finalYuan,
      carryForwardCreditYuan,
    })),
  };
}
