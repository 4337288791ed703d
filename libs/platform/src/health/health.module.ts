import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController, READINESS_CHECKS, StoreHealthIndicator, type ReadinessCheck } from './health.controller';

@Module({})
export class HealthModule {
  static forRoot(readinessChecks: Array<Type<ReadinessCheck>> = []): DynamicModule {
    // The checks themselves are provided (and exported) by their own global modules.
    const providers: Provider[] = [
      StoreHealthIndicator,
      { provide: READINESS_CHECKS, inject: readinessChecks, useFactory: (...checks: ReadinessCheck[]) => checks },
    ];
    return { module: HealthModule, imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers };
  }
}
