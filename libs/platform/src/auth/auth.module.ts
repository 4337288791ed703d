import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LEDGER_CONFIG } from '../config/config.module';
import type { LedgerConfig } from '../config/ledger-config';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';

@Global()
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) =>
        new TokenVerifier({ secret: config.jwtSecret, issuer: config.jwtIssuer, jwksUrl: config.jwksUrl }),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
