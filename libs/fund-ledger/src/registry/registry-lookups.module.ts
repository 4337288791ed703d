import { Module } from '@nestjs/common';
import { RegistryLookups } from './registry-lookups';

/**
 * The registry reads other areas' handlers need before deciding (a fund's kind, a payee's agreement).
 * Its own module so that area modules import it without importing the registry's use cases.
 */
@Module({
  providers: [RegistryLookups],
  exports: [RegistryLookups],
})
export class RegistryLookupsModule {}
