import {
  AgreementReinstated,
  AgreementSigned,
  AgreementSuspended,
  AgreementTerminated,
  PayeeRegistered,
} from '../registry.events';

export const PAYEE_ID = 'H-001';
export const FUND_ID = 'QZ-EMP-POOL';

export const payeeRegistered: PayeeRegistered = {
  type: 'PayeeRegistered',
  data: {
    payeeId: PAYEE_ID,
    name: '泉州第一医院',
    type: 'hospital',
    level: 'tertiary',
    class: 'general',
    region: '350500',
  },
};

export const agreementSigned = (
  agreementId = 'AG-2025',
  validFrom = '2025-01-01',
  validTo = '2025-12-31',
  replacesAgreementId: string | null = null,
  fundId = FUND_ID,
): AgreementSigned => ({
  type: 'AgreementSigned',
  data: { payeeId: PAYEE_ID, fundId, agreementId, validFrom, validTo, replacesAgreementId },
});

export const agreementSuspended = (agreementId = 'AG-2025', untilDate: string | null = null): AgreementSuspended => ({
  type: 'AgreementSuspended',
  data: {
    payeeId: PAYEE_ID,
    fundId: FUND_ID,
    agreementId,
    reason: 'R-ENF-7 phantom beds',
    effectiveFrom: '2025-05-01',
    untilDate,
  },
});

export const agreementReinstated = (agreementId = 'AG-2025'): AgreementReinstated => ({
  type: 'AgreementReinstated',
  data: { payeeId: PAYEE_ID, fundId: FUND_ID, agreementId, reason: 'rectified', effectiveFrom: '2025-06-01' },
});

export const agreementTerminated = (agreementId = 'AG-2025'): AgreementTerminated => ({
  type: 'AgreementTerminated',
  data: { payeeId: PAYEE_ID, fundId: FUND_ID, agreementId, reason: 'R-ENF-1 fraud', effectiveFrom: '2025-06-15' },
});
