import { Decimal, roundFen, sum } from '@ledger/money';
import type { DecisionContext } from '../../shared/decider';
import { invariant } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import type { AssessmentScored, BudgetStreamKey, ScoreComponentLine } from '../hospital-budget.events';
import { assertEffectiveDate, assertOpen, eventBase, streamKeyOf } from '../hospital-budget.guards';
import { arrayInput, decimalInput, pointsInput, textInput } from '../hospital-budget.inputs';
import type { HospitalBudgetState } from '../hospital-budget.state';

/**
 * RecordAssessmentScore (考核): the annual score that returns the withheld deposit at year end (R-YE-9).
 * Either a score, or weighted components whose weights add up to exactly 1 (WE-15: 0.9 × 95 + 0.1 × 80
 * = 93.50), rounded half-up to two places. Re-scoring before the year is closed is allowed; the latest wins
 * and the event names the score it replaces. Not a money command: no quota needed.
 */
export interface ScoreComponentInput {
  readonly name: string;
  readonly weight: string;
  readonly scorePoints: string;
}

export interface RecordAssessmentScore extends BudgetStreamKey {
  readonly type: 'RecordAssessmentScore';
  readonly scorePoints?: string;
  readonly components?: readonly ScoreComponentInput[];
}

export const MAX_SCORE_COMPONENTS = 20;

export function decideRecordAssessmentScore(
  command: RecordAssessmentScore,
  state: HospitalBudgetState,
  context: DecisionContext,
): AssessmentScored[] {
  const key = streamKeyOf(command, state);
  assertOpen(state, key);
  const effectiveDate = assertEffectiveDate(context, key.year, 'budget');
  const hasScore = command.scorePoints !== undefined && command.scorePoints !== null;
  const hasComponents = command.components !== undefined && command.components !== null;
  if (hasScore === hasComponents) throw invalidField('scorePoints', 'give either scorePoints or components, not both');
  const components = hasComponents ? componentLines(command.components) : null;
  const score = components === null ? pointsInput(command.scorePoints, 'scorePoints') : weightedScore(components);
  return [
    {
      type: 'AssessmentScored',
      data: {
        ...eventBase(key, effectiveDate),
        scorePoints: points(score),
        components,
        previousScorePoints: state.scorePoints === null ? null : points(state.scorePoints),
      },
    },
  ];
}

function componentLines(value: unknown): ScoreComponentLine[] {
  const raw = arrayInput(value, 'components', MAX_SCORE_COMPONENTS);
  if (raw.length === 0) throw invalidField('components', 'must have at least one component');
  const lines = raw.map((item, i) => {
    const field = `components[${i}]`;
    if (typeof item !== 'object' || item === null) throw invalidField(field, 'must be an object');
    const c = item as ScoreComponentInput;
    const weight = decimalInput(c.weight, `${field}.weight`, '0', '1');
    if (weight.isZero()) throw invalidField(`${field}.weight`, 'must be greater than zero');
    const score = pointsInput(c.scorePoints, `${field}.scorePoints`);
    return {
      name: textInput(c.name, `${field}.name`, 100),
      weight: c.weight,
      scorePoints: points(score),
      weightedPoints: weight.times(score).toString(),
    };
  });
  if (new Set(lines.map((l) => l.name)).size !== lines.length)
    throw invalidField('components', 'component names must be unique');
  const weights = sum(lines.map((l) => new Decimal(l.weight)));
  if (!weights.equals(1))
    throw invalidField('components', `weights must add up to exactly 1, not ${weights.toString()}`);
  return lines;
}

function weightedScore(lines: readonly ScoreComponentLine[]): Decimal {
  const score = roundFen(sum(lines.map((l) => new Decimal(l.weightedPoints))));
  invariant(score.gte(0) && score.lte(100), 'a weighted score stays within 0..100');
  return score;
}

/** Two places, like "93.50" (points, not money). */
function points(score: Decimal): string {
  return roundFen(score).toFixed(2);
}
