import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { LEDGER_CONFIG, ReadinessCheck, type LedgerConfig } from '@ledger/platform';
import { journalProjection, runningTrialBalance } from './journal.projection';
import { ProjectionRegistry } from './projection-registry';

/**
 * Readiness: every projection within the configured lag, and the trial balance at zero. A non-zero
 * trial balance means a bug or tampering: the instance reports itself down and an operator looks.
 *
 * Probes call it every few seconds on every instance, so it costs the same whatever the log's size: the
 * trial balance is the journal's running total (kept as entries are posted, not summed over the accounts
 * per call), and each projection's lag is its current checkpoint against the store's head.
 */
@Injectable()
export class ProjectionsReadiness extends ReadinessCheck {
  constructor(
    private readonly projections: ProjectionRegistry,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async check(indicators: HealthIndicatorService): Promise<HealthIndicatorResult> {
    const indicator = indicators.check('projections');
    const statuses = await this.projections.statuses();
    const behind = statuses.filter((s) => BigInt(s.lagPositions) > BigInt(this.config.maxProjectionLagPositions));
    const balance = runningTrialBalance((await this.projections.read(journalProjection, {})).state);
    const details = {
      lag: Object.fromEntries(statuses.map((s) => [s.name, { positions: s.lagPositions, seconds: s.lagSeconds }])),
      trialBalance: balance.balanceYuan,
    };
    if (!balance.ok) return indicator.down({ ...details, message: 'TRIAL BALANCE IS NOT ZERO' });
    if (behind.length > 0) return indicator.down({ ...details, message: `behind: ${behind.map((s) => s.name).join(', ')}` });
    return indicator.up(details);
  }
}
