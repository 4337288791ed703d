import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { LEDGER_CONFIG, ReadinessCheck, type LedgerConfig } from '@ledger/platform';
import { trialBalance } from '../journal/journal.fold';
import { journalProjection } from './journal.projection';
import { ProjectionRegistry } from './projection-registry';

/**
 * Readiness: every projection within the configured lag, and the trial balance at zero. A non-zero
 * trial balance means a bug or tampering: the instance reports itself down and an operator looks.
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
    const balance = trialBalance((await this.projections.read(journalProjection, {})).state);
    const details = {
      lag: Object.fromEntries(statuses.map((s) => [s.name, { positions: s.lagPositions, seconds: s.lagSeconds }])),
      trialBalance: balance.total.balanceYuan,
    };
    if (!balance.ok) return indicator.down({ ...details, message: 'TRIAL BALANCE IS NOT ZERO' });
    if (behind.length > 0) return indicator.down({ ...details, message: `behind: ${behind.map((s) => s.name).join(', ')}` });
    return indicator.up(details);
  }
}
