import { Global, Module } from '@nestjs/common';
import { JournalController } from './journal.controller';
import { ProjectionRegistry } from './projection-registry';
import { ProjectionsReadiness } from './projections.readiness';

/** Global so the health module's readiness check can reach the projections. */
@Global()
@Module({
  controllers: [JournalController],
  providers: [ProjectionRegistry, ProjectionsReadiness],
  exports: [ProjectionRegistry, ProjectionsReadiness],
})
export class ReadModelsModule {}
