import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { LEDGER_CONFIG, ReadinessCheck, type LedgerConfig } from '@ledger/platform';
import { runningTrialBalanceNow } from './durable/journal.read-model';
import { ProjectionStatuses } from './projection-statuses';
import { ReadSide } from './read-side.port';

/**
 * Readiness: every projection within the configured lag (LEDGER_MAX_PROJECTION_LAG), and the trial
 * balance at zero. A non-zero trial balance means a bug or tampering: the instance reports itself down
 * and an operator looks. While the read models catch up (a fresh start over a long log) it is down and
 * says how far they are: position, head, lag, rate and ETA.
 *
 * Probes call it every few seconds on every instance, so it costs the same whatever the log's size: the
 * statuses are the engine's progress figures (O(projections), no I/O) and the trial balance is the
 * journal's running totals row (one indexed read), never a sum over the accounts.
 */
@Injectable()
export class ProjectionsReadiness extends ReadinessCheck {
  constructor(
    private readonly statuses: ProjectionStatuses,
    private readonly readSide: ReadSide,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {
    super();
  }

  async check(indicators: HealthIndicatorService): Promise<HealthIndicatorResult> {
    const indicator = indicators.check('projections');
    const statuses = await this.statuses.all();
    const behind = statuses.filter((s) => BigInt(s.lagPositions) > BigInt(this.config.maxProjectionLagPositions));
    const lag = Object.fromEntries(statuses.map((s) => [s.name, { positions: s.lagPositions, seconds: s.lagSeconds }]));
    const progress = Object.fromEntries(
      statuses
        .filter((s) => s.rateEventsPerSecond !== undefined)
        .map((s) => [s.name, { position: s.checkpoint, head: s.head, lag: s.lagPositions, rateEventsPerSecond: s.rateEventsPerSecond, etaSeconds: s.etaSeconds }]),
    );
    const balance = await Promise.resolve()
      .then(() => runningTrialBalanceNow(this.readSide.reader('journal')))
      .catch(() => undefined);
    if (balance === undefined) return indicator.down({ lag, progress, message: 'read models starting' });
    const details = { lag, progress, trialBalance: balance.balanceYuan };
    if (!balance.ok) return indicator.down({ ...details, message: 'TRIAL BALANCE IS NOT ZERO' });
    if (behind.length > 0) return indicator.down({ ...details, message: `behind: ${behind.map((s) => s.name).join(', ')}` });
    return indicator.up(details);
  }
}
