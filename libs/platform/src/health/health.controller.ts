import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { PROBLEM_RESPONSE } from '../http/problem-openapi';
import { HealthView, LivenessView } from './health.response.dto';
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
  @ApiOperation({ summary: 'Readiness: the store answers, projections within LEDGER_MAX_PROJECTION_LAG, trial balance zero' })
  @ApiOkResponse({ type: HealthView })
  @ApiResponse(PROBLEM_RESPONSE(503, 'NOT_READY: a check is down; `checks` holds every check with why.'))
  // Documented above (503 is problem+json NOT_READY); terminus's own schema would say application/json.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  check() {
    return this.health.check([() => this.storeIndicator.check(), ...this.readiness.map((r) => () => r.check(this.indicators))]);
  }

  /** Liveness: the process serves HTTP. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process serves HTTP' })
  @ApiOkResponse({ type: LivenessView })
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
