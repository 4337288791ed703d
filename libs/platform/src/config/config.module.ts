import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { LedgerConfig } from './ledger-config';

export const LEDGER_CONFIG = Symbol('LEDGER_CONFIG');

@Global()
@Module({})
export class LedgerConfigModule {
  static forRoot(config: LedgerConfig): DynamicModule {
    return { module: LedgerConfigModule, providers: [{ provide: LEDGER_CONFIG, useValue: config }], exports: [LEDGER_CONFIG] };
  }
}
