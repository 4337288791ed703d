import { Module } from '@nestjs/common';
import { RegistryLookupsModule } from '../registry/registry-lookups.module';
import { FundBookStreams } from './fund-book.streams';
import { RecordFundPaymentController } from './record-fund-payment/record-fund-payment.controller';
import { RecordFundPaymentHandler } from './record-fund-payment/record-fund-payment.handler';
import { RecordOpeningBalanceController } from './record-opening-balance/record-opening-balance.controller';
import { RecordOpeningBalanceHandler } from './record-opening-balance/record-opening-balance.handler';
import { SettleOpenItemController } from './settle-open-item/settle-open-item.controller';
import { SettleOpenItemHandler } from './settle-open-item/settle-open-item.handler';

/** The fund book (基金账簿): opening balances, every fund payment outside the hospital budgets, open items. */
@Module({
  imports: [RegistryLookupsModule],
  controllers: [RecordOpeningBalanceController, RecordFundPaymentController, SettleOpenItemController],
  providers: [FundBookStreams, RecordOpeningBalanceHandler, RecordFundPaymentHandler, SettleOpenItemHandler],
})
export class FundBookModule {}
