import { Module } from '@nestjs/common';
import { RegistryLookupsModule } from './registry-lookups.module';
import { RegisterFundController } from './register-fund/register-fund.controller';
import { RegisterFundHandler } from './register-fund/register-fund.handler';
import { RegisterPayeeController } from './register-payee/register-payee.controller';
import { RegisterPayeeHandler } from './register-payee/register-payee.handler';
import { RegistryQueriesController } from './registry.queries.controller';
import { GetFundHandler, GetPayeeHandler } from './registry.query-handlers';
import { ReinstateAgreementController } from './reinstate-agreement/reinstate-agreement.controller';
import { ReinstateAgreementHandler } from './reinstate-agreement/reinstate-agreement.handler';
import { SignAgreementController } from './sign-agreement/sign-agreement.controller';
import { SignAgreementHandler } from './sign-agreement/sign-agreement.handler';
import { SuspendAgreementController } from './suspend-agreement/suspend-agreement.controller';
import { SuspendAgreementHandler } from './suspend-agreement/suspend-agreement.handler';
import { TerminateAgreementController } from './terminate-agreement/terminate-agreement.controller';
import { TerminateAgreementHandler } from './terminate-agreement/terminate-agreement.handler';

/** Funds, payees (两定机构) and their service agreements. */
@Module({
  imports: [RegistryLookupsModule],
  controllers: [
    RegisterFundController,
    RegisterPayeeController,
    SignAgreementController,
    SuspendAgreementController,
    ReinstateAgreementController,
    TerminateAgreementController,
    RegistryQueriesController,
  ],
  providers: [
    RegisterFundHandler,
    RegisterPayeeHandler,
    SignAgreementHandler,
    SuspendAgreementHandler,
    ReinstateAgreementHandler,
    TerminateAgreementHandler,
    GetFundHandler,
    GetPayeeHandler,
  ],
})
export class RegistryModule {}
