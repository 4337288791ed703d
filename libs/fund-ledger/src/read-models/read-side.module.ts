import { Global, Module } from '@nestjs/common';
import { ReadSide } from './read-side.port';
import { ReadSideService } from './read-side.service';

/**
 * The durable read side: ReadSideService (the engine over the read store) and the ReadSide port the query
 * handlers depend on. Global so that readiness, metrics and the graceful stop reach it.
 */
@Global()
@Module({
  providers: [ReadSideService, { provide: ReadSide, useExisting: ReadSideService }],
  exports: [ReadSideService, ReadSide],
})
export class ReadSideModule {}
