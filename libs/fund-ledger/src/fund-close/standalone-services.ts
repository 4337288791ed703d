import type { EventStore } from '@ledger/event-store';
import { type Clock, CommandEnvelopeFactory, CommandPipeline, type LedgerConfig, SystemClock } from '@ledger/platform';
import { RegistryLookups } from '../application/registry-lookups';
import { BudgetPolicyService } from '../budget-policy/budget-policy.service';
import { HospitalBudgetStreams } from '../hospital-budget/hospital-budget.streams';
import { SettleYearEndHandler } from '../hospital-budget/settle-year-end/settle-year-end.handler';
import { AllocationRunService } from '../allocation/allocation-run.service';
import { FundCloseService, type SettleYearEndPort } from './fund-close.service';

export interface StandaloneServices {
  readonly pipeline: CommandPipeline;
  readonly lookups: RegistryLookups;
  readonly envelopes: CommandEnvelopeFactory;
  readonly allocation: AllocationRunService;
  readonly close: FundCloseService;
  /** One hospital-year's settlement (the hospital-budget area's SettleYearEndHandler). */
  readonly settleYearEnd: SettleYearEndPort;
}

/**
 * The allocation and fund-close services without Nest, over an open store: the same classes the API's
 * modules provide (CommandPipeline, RegistryLookups, the hospital-budget area's SettleYearEndHandler), wired
 * by hand. For the CLI (batch runs next to the store) and for store-level tests.
 */
export function standaloneServices(
  store: EventStore,
  config: LedgerConfig,
  clock: Clock = new SystemClock(),
): StandaloneServices {
  const pipeline = new CommandPipeline(store, config.commandRetryLimit);
  const lookups = new RegistryLookups(pipeline);
  const envelopes = new CommandEnvelopeFactory(clock, config);
  const policies = new BudgetPolicyService(pipeline);
  const settleHandler = new SettleYearEndHandler(
    new HospitalBudgetStreams(pipeline, lookups, policies),
    policies,
    envelopes,
    store,
  );
  const allocation = new AllocationRunService(pipeline, store, lookups, envelopes, config);
  const settleYearEnd: SettleYearEndPort = (command) => settleHandler.execute(command);
  const close = new FundCloseService(pipeline, store, lookups, envelopes, allocation, settleYearEnd);
  return { pipeline, lookups, envelopes, allocation, close, settleYearEnd };
}
