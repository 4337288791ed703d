import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandRequestDto } from '@ledger/platform';
import { IsFundYear, MAX_FUND_YEAR, MIN_FUND_YEAR } from '../application/request-rules';
import { ID_PATTERN } from '../registry/field-rules';
import { MAX_ID_LENGTH } from './hospital-budget.inputs';

/**
 * The request fields every hospital-budget command shares. Bodies are flat and name every id, so a
 * request alone says which stream (budget-{fundId}.{payeeId}.{year}) it is about. The deciders check
 * again; these give the client a 400 naming the field before any stream is read.
 */

/**
 * Ids that never enter a stream name (receivable, fine and rule ids): what the deciders accept
 * (no whitespace, no ':' which separates account path segments), at most 100 characters.
 */
export const REF_ID_PATTERN = new RegExp(`^[^\\s:]{1,${MAX_ID_LENGTH}}$`);

/** Case references (病例/检查编号) and short references: at most 100 characters. */
export const MAX_REF_LENGTH = 100;
/** Reasons and notes: at most 500 characters (the deciders' limit). */
export const MAX_NOTE_LENGTH = 500;

/** Assessment points: a decimal string 0..100 with at most two places. */
export const POINTS_PATTERN = /^\d{1,3}(\.\d{1,2})?$/;

/** The hospital (payee) and fund of a budget, without the year. */
export class HospitalFundRequest extends CommandRequestDto {
  @ApiProperty({ example: 'EMP-POOLED', pattern: ID_PATTERN.source, description: 'A registered fund.' })
  @Matches(ID_PATTERN)
  fundId!: string;

  @ApiProperty({ example: 'H-001', pattern: ID_PATTERN.source, description: 'A registered payee (定点医疗机构).' })
  @Matches(ID_PATTERN)
  payeeId!: string;
}

/** One hospital-year: the stream the command is posted to. */
export class HospitalYearRequest extends HospitalFundRequest {
  @ApiProperty({ example: 2025, minimum: MIN_FUND_YEAR, maximum: MAX_FUND_YEAR, description: 'The budget year.' })
  @IsFundYear()
  year!: number;
}

/**
 * Enforcement about one hospital-year that may already be closed: posted to that year while it is
 * open, else to the open period of the effective date (a closed period stays closed).
 */
export class HospitalServiceYearRequest extends HospitalFundRequest {
  @ApiProperty({
    example: 2025,
    minimum: MIN_FUND_YEAR,
    maximum: MAX_FUND_YEAR,
    description:
      'The budget year the finding concerns. Posted to that year while it is open; once it is settled, to the budget year of effectiveDate (which must be later).',
  })
  @IsFundYear()
  serviceYear!: number;
}
