import { applyDecorators } from '@nestjs/common';
import { Transform, type TransformFnParams } from 'class-transformer';
import { IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';

/**
 * Field rules of the HTTP layer shared by the request DTOs. The deciders check again (they are also
 * called from the CLI and tests); these give the client a 400 naming the field before any stream is read.
 */

/** Fund years the API accepts. The deciders allow 1900..9999; outside this range a year is a typo. */
export const MIN_FUND_YEAR = 2000;
export const MAX_FUND_YEAR = 2100;

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A fund year in a JSON body: an integer, never a string. */
export const IsFundYear = (): PropertyDecorator =>
  applyDecorators(IsInt(), Min(MIN_FUND_YEAR), Max(MAX_FUND_YEAR)) as PropertyDecorator;

/** A real calendar date YYYY-MM-DD ('2025-02-30' is refused). */
export const IsCalendarDate = (): PropertyDecorator =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: '$property must be a calendar date YYYY-MM-DD' }),
    Matches(DATE_PATTERN, { message: '$property must be a calendar date YYYY-MM-DD' }),
  ) as PropertyDecorator;

/** A month YYYY-MM. */
export const IsPeriod = (): PropertyDecorator =>
  Matches(PERIOD_PATTERN, { message: '$property must be a month YYYY-MM' });

/**
 * A year in a URL path arrives as a string. Only plain digits become a number, so '2025.0', '2e3' and
 * ' 2025' stay strings and fail @IsInt (Number() would have accepted them).
 */
const pathYear = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value;

export const IsPathYear = (): PropertyDecorator =>
  applyDecorators(Transform(pathYear), IsFundYear()) as PropertyDecorator;
