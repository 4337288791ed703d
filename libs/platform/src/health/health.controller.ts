import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { EventStore } from '@ledger/event-store';
import { Public } from '../auth/roles';
import { EVENT_STORE } from '../store/event-store.module';

/** Extra readiness checks other modules contribute (e.g. projection lag, trial balance alarm). */
export abstract class ReadinessCheck {
  abstract check(indicators: HealthIndicatorService): Promise<HealthIndicatorResult>;
}
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

const PING_TIMEOUT_MS = 2000;

@Injectable()
export class StoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('store');
    try {
      await withTimeout(this.store.ping(), PING_TIMEOUT_MS);
      return indicator.up({ kind: this.store.kind });
    } catch (error) {
      return indicator.down({ kind: this.store.kind, message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly storeIndicator: StoreHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly readiness: ReadinessCheck[],
  ) {}

  /** Readiness: the store answers and every contributed check is up. 503 otherwise. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.storeIndicator.check(), ...this.readiness.map((r) => () => r.check(this.indicators))]);
  }

  /** Liveness: the process serves HTTP. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
