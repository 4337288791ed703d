import { Module } from '@nestjs/common';

/** The fund ledger's use cases: one controller and handler per use-case folder (wired in below). */
@Module({
  controllers: [],
  providers: [],
})
export class LedgerModule {}
