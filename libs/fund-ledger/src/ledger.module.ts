import { Module } from '@nestjs/common';
import { RegistryLookups } from './application/registry-lookups';
import { RegisterFundController } from './registry/register-fund/register-fund.controller';
import { RegisterFundHandler } from './registry/register-fund/register-fund.handler';

/** The fund ledger's use cases: each use-case folder contributes its controller and its handler. */
@Module({
  controllers: [RegisterFundController],
  providers: [RegistryLookups, RegisterFundHandler],
})
export class LedgerModule {}
