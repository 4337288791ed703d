import { Module } from '@nestjs/common';
import { RegistryLookups } from './registry-lookups';

/**
 * The cross-stream reads every area's handlers need. Its own module so that the area modules can
 * import it while LedgerModule imports the area modules (importing LedgerModule would be a cycle).
 */
@Module({
  providers: [RegistryLookups],
  exports: [RegistryLookups],
})
export class ApplicationModule {}
