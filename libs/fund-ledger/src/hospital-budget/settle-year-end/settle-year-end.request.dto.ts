import { HospitalYearRequest } from '../hospital-budget.request-base.dto';

/**
 * Settles one hospital-year (年终考核清算) with the fund-year's policy and the recorded score; the body
 * names the hospital-year only. effectiveDate must be on or after 1 January of the next year.
 */
export class SettleYearEndRequest extends HospitalYearRequest {}
