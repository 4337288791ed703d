import { fold } from '../shared/decider';
import { FundKind } from '../registry/registry.events';
import { CONTEXT } from '../test/decider-specification';
import { CollectionCommand, collectionsDecider } from '../contributions/contributions.decider';
import { CollectionEvent } from '../contributions/contributions.events';
import {
  ASSISTANCE,
  MATERNITY,
  PERSONAL,
  POOLED,
  RESIDENT,
  shenyangRates,
} from '../contributions/test/contribution-fixtures';
import { assertNoCrossFinancing } from './cross-financing';
import { accountBalances, foldJournal, trialBalance } from './journal.fold';

/** Deciders to journal, end to end and still pure: what the journal projection will do with real streams. */
describe('contributions posted to the journal', () => {
  const decideAll = (commands: CollectionCommand[]): CollectionEvent[] =>
    commands.reduce<CollectionEvent[]>(
      (history, command) => [
        ...history,
        ...collectionsDecider.decide(command, fold(collectionsDecider, history), CONTEXT),
      ],
      [],
    );

  const payroll = decideAll([
    {
      type: 'CollectPayrollContribution',
      data: {
        collectionId: 'C1',
        employerId: 'E42',
        period: '2025-03',
        declaredBaseYuan: '3000.00',
        headcount: 1,
        rates: shenyangRates,
      },
    },
    {
      type: 'CollectPayrollContribution',
      data: {
        collectionId: 'C2',
        employerId: 'E43',
        period: '2025-03',
        declaredBaseYuan: '1234.25',
        headcount: 1,
        rates: { ...shenyangRates, baseFloorYuan: '0.00' },
      },
    },
  ]);
  const resident = decideAll([
    {
      type: 'CollectContribution',
      data: {
        collectionId: 'R1',
        fundId: RESIDENT,
        fundKind: 'resident_pooled',
        source: 'assistance_paid',
        amountYuan: '330.00',
        period: '2025-10',
        payingFundId: ASSISTANCE,
        payingFundKind: 'medical_assistance',
      },
    },
  ]);
  const events = [...payroll, ...resident];
  const journal = foldJournal(
    events.map((event, index) => ({
      eventType: event.type,
      position: BigInt(index + 1),
      effectiveDate: '2025-10-31',
      postings: event.data.postings,
    })),
  );

  it('balances per fund and in total', () => {
    expect(trialBalance(journal).ok).toBe(true);
    expect(trialBalance(journal).total.balanceYuan).toBe('0.00');
  });

  it('puts WE-7 plus the half-up example in the right funds', () => {
    const cash = (fundId: string) =>
      accountBalances(journal, fundId).find((b) => b.account === `${fundId}:cash`)?.balanceYuan;
    expect([cash(POOLED), cash(PERSONAL), cash(MATERNITY)]).toEqual(['277.16', '217.77', '29.70']);
    expect([cash(RESIDENT), cash(ASSISTANCE)]).toEqual(['330.00', '-330.00']);
  });

  it('passes R-ACC-1 for every event', () => {
    const kinds = new Map<string, FundKind>([
      [POOLED, 'employee_pooled'],
      [PERSONAL, 'employee_personal'],
      [MATERNITY, 'maternity'],
      [RESIDENT, 'resident_pooled'],
      [ASSISTANCE, 'medical_assistance'],
    ]);
    for (const event of events)
      expect(() => assertNoCrossFinancing(event.type, event.data.postings, kinds)).not.toThrow();
  });
});
