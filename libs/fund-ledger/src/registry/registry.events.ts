import { DomainEvent } from '../shared/decider';

/** The statutory funds a pooling region keeps separate books for (R-ACC-4). */
export type FundKind = 'employee_pooled' | 'employee_personal' | 'resident_pooled' | 'medical_assistance' | 'maternity';
export const FUND_KINDS: readonly FundKind[] = [
  'employee_pooled',
  'employee_personal',
  'resident_pooled',
  'medical_assistance',
  'maternity',
];

/**
 * Designated institutions (两定机构): hospitals and clinics (定点医疗机构), retail pharmacies (定点零售药店);
 * and the fund's other counterparties: the critical-illness insurer (大病保险承办机构), suppliers of centrally
 * procured drugs and consumables paid on hospitals' behalf (R-PAY-14), and the provincial out-of-area
 * clearing platform (异地就医清算机构).
 */
export type PayeeType = 'hospital' | 'clinic' | 'pharmacy' | 'insurer' | 'supplier' | 'clearing_house' | 'other';
export const PAYEE_TYPES: readonly PayeeType[] = [
  'hospital',
  'clinic',
  'pharmacy',
  'insurer',
  'supplier',
  'clearing_house',
  'other',
];

/** Hospital grade (三级/二级/一级); 'none' for pharmacies and ungraded institutions. */
export type PayeeLevel = 'tertiary' | 'secondary' | 'primary' | 'none';
export const PAYEE_LEVELS: readonly PayeeLevel[] = ['tertiary', 'secondary', 'primary', 'none'];

export type AgreementStatus = 'active' | 'suspended' | 'terminated';

/** Stream names. One stream per fund and per payee: each command's invariant lives inside one stream. */
export const fundStream = (fundId: string): string => `fund-${fundId}`;
export const payeeStream = (payeeId: string): string => `payee-${payeeId}`;

// ---- fund-{fundId}

export type FundRegistered = DomainEvent<
  'FundRegistered',
  { readonly fundId: string; readonly name: string; readonly kind: FundKind; readonly poolingRegion: string }
>;

export type FundEvent = FundRegistered;

// ---- payee-{payeeId}

export type PayeeRegistered = DomainEvent<
  'PayeeRegistered',
  {
    readonly payeeId: string;
    readonly name: string;
    readonly type: PayeeType;
    readonly level: PayeeLevel;
    readonly class: string;
    readonly region: string;
  }
>;

/** A service agreement (服务协议) for one fund; a renewal replaces the previous agreement for that fund. */
export type AgreementSigned = DomainEvent<
  'AgreementSigned',
  {
    readonly payeeId: string;
    readonly fundId: string;
    readonly agreementId: string;
    readonly validFrom: string;
    readonly validTo: string;
    /** The agreement this signing renews, or null for the first agreement with this fund. */
    readonly replacesAgreementId: string | null;
  }
>;

/** Settlement suspended (暂停结算/暂停协议) from effectiveFrom; untilDate is the sanction's planned end, if any. */
export type AgreementSuspended = DomainEvent<
  'AgreementSuspended',
  {
    readonly payeeId: string;
    readonly fundId: string;
    readonly agreementId: string;
    readonly reason: string;
    readonly effectiveFrom: string;
    readonly untilDate: string | null;
  }
>;

export type AgreementReinstated = DomainEvent<
  'AgreementReinstated',
  {
    readonly payeeId: string;
    readonly fundId: string;
    readonly agreementId: string;
    readonly reason: string;
    readonly effectiveFrom: string;
  }
>;

/** Final (解除服务协议): a new designation is needed, which is out of scope. */
export type AgreementTerminated = DomainEvent<
  'AgreementTerminated',
  {
    readonly payeeId: string;
    readonly fundId: string;
    readonly agreementId: string;
    readonly reason: string;
    readonly effectiveFrom: string;
    /**
     * Terminated for cause (fraud R-ENF-1, serious violations R-ENF-7): the year-end settlement returns no
     * withheld deposit and holds its payment until a decision releases it. Recorded only when the command
     * names it; absent (every termination recorded before the field existed) reads as false.
     */
    readonly forCause?: boolean;
  }
>;

export type AgreementEvent = AgreementSigned | AgreementSuspended | AgreementReinstated | AgreementTerminated;
export type PayeeEvent = PayeeRegistered | AgreementEvent;
