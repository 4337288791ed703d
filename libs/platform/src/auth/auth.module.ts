import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { LEDGER_CONFIG } from '../config/config.module';
import type { LedgerConfig } from '../config/ledger-config';
import { AuthGuard } from './auth.guard';
import { devTokenControllers } from './dev-tokens.controller';
import { TokenVerifier } from './token-verifier';

/** How a 401 names the secret: the variable or the dev file's path, never the secret. */
export function secretSourceOf(config: Pick<LedgerConfig, 'jwtSecretSource' | 'jwtSecretFile'>): string {
  return config.jwtSecretSource === 'env' ? 'LEDGER_JWT_SECRET' : `the dev secret file ${config.jwtSecretFile ?? '(unknown)'}`;
}

@Global()
@Module({
  // POST /dev/tokens (the web console's dev sign-in) exists only outside production; decided at start.
  controllers: devTokenControllers(),
  providers: [
    {
      provide: TokenVerifier,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) =>
        new TokenVerifier({
          secret: config.jwtSecret,
          secretSource: secretSourceOf(config),
          issuer: config.jwtIssuer,
          audience: config.jwtAudience,
          jwksUrl: config.jwksUrl,
        }),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
