import { Module } from '@nestjs/common';
import { RegistryLookups } from './application/registry-lookups';
import { RegisterFundController } from './registry/register-fund/register-fund.controller';
import { RegisterFundHandler } from './registry/register-fund/register-fund.handler';

/**
 * The fund ledger's use cases. Each area (registry, budget policy, contributions, hospital budget)
 * has its own Nest module listing its use-case folders' controllers and handlers; this module
 * gathers them.
 */
@Module({
  controllers: [RegisterFundController],
  providers: [RegistryLookups, RegisterFundHandler],
  exports: [RegistryLookups],
})
export class LedgerModule {}
