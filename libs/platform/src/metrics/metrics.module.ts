import { Controller, Get, Global, Header, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles';
import { LedgerMetrics } from './ledger-metrics';

/** Prometheus text format at /metrics (public: scrape it from inside the network only). */
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(private readonly metrics: LedgerMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  render(): Promise<string> {
    return this.metrics.render();
  }
}

@Global()
@Module({
  controllers: [MetricsController],
  providers: [{ provide: LedgerMetrics, useFactory: () => new LedgerMetrics() }],
  exports: [LedgerMetrics],
})
export class MetricsModule {}
