import { ErrorCodes } from '../../shared/domain-error';
import { given } from '../test/given';
import { closedYear, history, KEY, on, score } from '../test/hospital-budget.fixtures';
import type { RecordAssessmentScore } from './record-assessment-score.decider';

const NOVEMBER = on('2024-11-25');
const base = { fundId: 'EMP', payeeId: 'H001', year: 2024, effectiveDate: '2024-11-25' };
const composite = (components: RecordAssessmentScore['components']): RecordAssessmentScore => ({
  type: 'RecordAssessmentScore',
  ...KEY,
  components,
});

describe('RecordAssessmentScore', () => {
  it('records a score with two places (no quota needed: not a money command)', () => {
    given([])
      .when(score('92'), NOVEMBER)
      .then([
        {
          type: 'AssessmentScored',
          data: { ...base, scorePoints: '92.00', components: null, previousScorePoints: null },
        },
      ]);
  });

  it('WE-15: 0.9 × 95 + 0.1 × 80 = 93.50', () => {
    given([])
      .when(
        composite([
          { name: 'bureau', weight: '0.9', scorePoints: '95' },
          { name: 'survey', weight: '0.1', scorePoints: '80' },
        ]),
        NOVEMBER,
      )
      .then([
        {
          type: 'AssessmentScored',
          data: {
            ...base,
            scorePoints: '93.50',
            components: [
              { name: 'bureau', weight: '0.9', scorePoints: '95.00', weightedPoints: '85.5' },
              { name: 'survey', weight: '0.1', scorePoints: '80.00', weightedPoints: '8' },
            ],
            previousScorePoints: null,
          },
        },
      ]);
  });

  it('rounds a weighted score half-up to two places', () => {
    const { events } = given([])
      .when(
        composite([
          { name: 'a', weight: '0.333', scorePoints: '90.05' },
          { name: 'b', weight: '0.667', scorePoints: '80' },
        ]),
        NOVEMBER,
      )
      .thenEvents();
    expect(events[0]!.data).toMatchObject({ scorePoints: '83.35' }); // 29.98665 + 53.36 = 83.34665 -> 83.35
  });

  it('lets a re-score replace the previous one and names it', () => {
    const events = history([[score('70'), NOVEMBER]]);
    const { events: decided, state } = given(events).when(score('88.5'), on('2024-12-01')).thenEvents();
    expect(decided[0]!.data).toMatchObject({ scorePoints: '88.50', previousScorePoints: '70.00' });
    expect(state.scorePoints!.toFixed(2)).toBe('88.50');
  });

  describe('refuses', () => {
    it.each([
      ['a score above 100', score('100.01')],
      ['three decimal places', score('92.125')],
      ['a negative score', score('-1')],
      ['a number instead of a string', score(92 as unknown as string)],
      ['neither score nor components', { type: 'RecordAssessmentScore', ...KEY } as RecordAssessmentScore],
      ['both score and components', { ...score('90'), components: [{ name: 'a', weight: '1', scorePoints: '90' }] }],
      [
        'weights adding up to 0.99',
        composite([
          { name: 'a', weight: '0.9', scorePoints: '90' },
          { name: 'b', weight: '0.09', scorePoints: '90' },
        ]),
      ],
      [
        'weights adding up to 1.01',
        composite([
          { name: 'a', weight: '0.91', scorePoints: '90' },
          { name: 'b', weight: '0.1', scorePoints: '90' },
        ]),
      ],
      [
        'a zero weight',
        composite([
          { name: 'a', weight: '1', scorePoints: '90' },
          { name: 'b', weight: '0', scorePoints: '90' },
        ]),
      ],
      [
        'duplicate component names',
        composite([
          { name: 'a', weight: '0.5', scorePoints: '90' },
          { name: 'a', weight: '0.5', scorePoints: '90' },
        ]),
      ],
      ['no components', composite([])],
      ['a component score above 100', composite([{ name: 'a', weight: '1', scorePoints: '101' }])],
    ])('%s (400 INVALID_FIELD)', (_name, command) => {
      given([]).when(command, NOVEMBER).thenThrows(ErrorCodes.INVALID_FIELD, 'validation');
    });

    it('a re-score after the year is closed (PERIOD_CLOSED)', () => {
      given(closedYear()).when(score('95'), on('2025-02-01')).thenThrows(ErrorCodes.PERIOD_CLOSED);
    });

    it('a score dated outside year−1..year+1 (EFFECTIVE_DATE_OUTSIDE_YEAR)', () => {
      given([]).when(score('95'), on('2026-01-01')).thenThrows(ErrorCodes.EFFECTIVE_DATE_OUTSIDE_YEAR);
    });
  });
});
