import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { WRITE_ROLES, type CommandEnvelope, type CommandResult } from '@ledger/platform';
import { CommandController, CommandEndpoint, Envelope } from '../../application/command-endpoint';
import { type FundPaymentInput, RecordFundPaymentCommand } from './record-fund-payment.command';
import {
  CriticalIllnessPremiumRequest,
  EarmarkedAdvanceRequest,
  type FundPaymentRequest,
  IndividualReimbursementRequest,
  MedicalAssistancePaymentRequest,
  OutOfAreaClearingRequest,
  PersonalAccountSettlementRequest,
  SupplierSettlementRequest,
} from './record-fund-payment.request.dto';

const NOT_FOUND = 'FUND_NOT_FOUND, PAYEE_NOT_FOUND';
const ALWAYS = 'FUND_KIND_MISMATCH (the fund may not pay the category), PAYEE_KIND_MISMATCH, BEFORE_OPENING_BALANCE; 409 PAYMENT_ALREADY_RECORDED';

/** The fund payments (基金支出), one route per category; each appends FundPaymentRecorded to fundbook-{fundId}. */
@CommandController('fund-book', 'fund-book/payments')
export class RecordFundPaymentController {
  constructor(private readonly commands: CommandBus) {}

  @CommandEndpoint({ path: 'individual-reimbursements', roles: WRITE_ROLES.money, summary: 'Pay a manual reimbursement (零星报销) -> FundPaymentRecorded', notFound: 'FUND_NOT_FOUND', refused: `FILING_DEADLINE_PASSED (R-PAY-10), ${ALWAYS}` })
  reimburse(@Body() r: IndividualReimbursementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    const details = { category: 'individual_reimbursement' as const, claimRef: r.claimRef, dischargeDate: r.dischargeDate, filedDate: r.filedDate };
    return this.send(envelope, { ...common(r), amountYuan: r.amountYuan, memberCount: 1, details });
  }

  @CommandEndpoint({ path: 'personal-account-settlements', roles: WRITE_ROLES.money, summary: 'Settle personal-account spending with a pharmacy or clinic (R-PAY-6) -> FundPaymentRecorded', notFound: NOT_FOUND, refused: ALWAYS })
  personalAccount(@Body() r: PersonalAccountSettlementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    return this.send(envelope, { ...common(r), amountYuan: r.amountYuan, payeeId: r.payeeId, details: { category: 'personal_account_spending' } });
  }

  @CommandEndpoint({ path: 'medical-assistance', roles: WRITE_ROLES.money, summary: "Pay approved medical assistance onto members' cards (R-PAY-17) -> FundPaymentRecorded", notFound: 'FUND_NOT_FOUND', refused: `PAID_BEFORE_APPROVAL, ${ALWAYS}` })
  assistance(@Body() r: MedicalAssistancePaymentRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    const details = { category: 'medical_assistance' as const, approvalRef: r.approvalRef, approvedDate: r.approvedDate };
    return this.send(envelope, { ...common(r), amountYuan: r.amountYuan, memberCount: r.memberCount, details });
  }

  @CommandEndpoint({ path: 'critical-illness-premiums', roles: WRITE_ROLES.money, summary: 'Pay the critical-illness insurance premium (大病保险), per capita × insured -> FundPaymentRecorded', notFound: NOT_FOUND, refused: ALWAYS })
  premium(@Body() r: CriticalIllnessPremiumRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    const details = { category: 'critical_illness_premium' as const, coverageYear: r.coverageYear, perCapitaYuan: r.perCapitaYuan, insuredCount: r.insuredCount };
    return this.send(envelope, { ...common(r), payeeId: r.payeeId, details });
  }

  @CommandEndpoint({ path: 'supplier-settlements', roles: WRITE_ROLES.money, summary: "Pay a supplier for a hospital's centrally procured goods (R-PAY-14) -> FundPaymentRecorded", notFound: `${NOT_FOUND} (payeeId or forHospitalId)`, refused: ALWAYS })
  supplier(@Body() r: SupplierSettlementRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    const details = { category: 'supplier_settlement' as const, forHospitalId: r.forHospitalId, goods: r.goods };
    return this.send(envelope, { ...common(r), amountYuan: r.amountYuan, payeeId: r.payeeId, details });
  }

  @CommandEndpoint({ path: 'out-of-area', roles: WRITE_ROLES.money, summary: 'Record out-of-area care owed to or by the clearing platform (异地就医) -> FundPaymentRecorded', notFound: NOT_FOUND, refused: ALWAYS })
  outOfArea(@Body() r: OutOfAreaClearingRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    const details = { category: 'out_of_area_clearing' as const, direction: r.direction };
    return this.send(envelope, { ...common(r), amountYuan: r.amountYuan, payeeId: r.payeeId, details });
  }

  @CommandEndpoint({ path: 'earmarked-advances', roles: WRITE_ROLES.money, summary: 'Advance earmarked funds to a recipient (R-PAY-12/13) -> FundPaymentRecorded', notFound: NOT_FOUND, refused: ALWAYS })
  advance(@Body() r: EarmarkedAdvanceRequest, @Envelope() envelope: CommandEnvelope): Promise<CommandResult> {
    const details = { category: 'earmarked_advance' as const, earmarkId: r.earmarkId, purpose: r.purpose };
    return this.send(envelope, { ...common(r), amountYuan: r.amountYuan, payeeId: r.payeeId, details });
  }

  private send(envelope: CommandEnvelope, input: FundPaymentInput): Promise<CommandResult> {
    return this.commands.execute(new RecordFundPaymentCommand(envelope, input));
  }
}

function common(r: FundPaymentRequest): Omit<FundPaymentInput, 'details'> {
  return {
    fundId: r.fundId,
    period: r.period,
    batchRef: r.batchRef,
    ...(r.paymentId === undefined ? {} : { paymentId: r.paymentId }),
    ...(r.personTimes === undefined ? {} : { personTimes: r.personTimes }),
  };
}
