import { assertNever, invariant } from '../shared/decider';
import {
  AgreementEvent,
  AgreementStatus,
  FundEvent,
  FundKind,
  PayeeEvent,
  PayeeLevel,
  PayeeType,
} from './registry.events';

// ---- fund-{fundId}

export type FundState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly fundId: string;
      readonly name: string;
      readonly kind: FundKind;
      readonly poolingRegion: string;
    };

export const initialFundState = (): FundState => ({ status: 'unregistered' });

export function evolveFund(state: FundState, event: FundEvent): FundState {
  switch (event.type) {
    case 'FundRegistered':
      invariant(state.status === 'unregistered', `fund ${event.data.fundId} registered twice in its stream`);
      return { status: 'registered', ...event.data };
    default:
      return assertNever(event.type, 'fund event');
  }
}

// ---- payee-{payeeId}

export interface AgreementState {
  readonly agreementId: string;
  readonly fundId: string;
  readonly validFrom: string;
  readonly validTo: string;
  readonly status: AgreementStatus;
  /** The planned end of a suspension, informational: reinstatement is always an explicit command. */
  readonly suspendedUntil: string | null;
  /** Terminated for cause (AgreementTerminated.forCause); false for any other status or termination. */
  readonly terminatedForCause: boolean;
}

export interface PayeeProfile {
  readonly payeeId: string;
  readonly name: string;
  readonly type: PayeeType;
  readonly level: PayeeLevel;
  readonly class: string;
  readonly region: string;
}

export type PayeeState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      readonly payee: PayeeProfile;
      /** The current agreement per fund (a renewal replaces the previous one). A Map: fund ids may be '__proto__'. */
      readonly agreements: ReadonlyMap<string, AgreementState>;
      /** Every agreement id ever signed on this payee, so an id is never reused. */
      readonly agreementIds: ReadonlySet<string>;
    };

type RegisteredPayee = Extract<PayeeState, { status: 'registered' }>;

export const initialPayeeState = (): PayeeState => ({ status: 'unregistered' });

export function evolvePayee(state: PayeeState, event: PayeeEvent): PayeeState {
  if (event.type === 'PayeeRegistered') {
    invariant(state.status === 'unregistered', `payee ${event.data.payeeId} registered twice in its stream`);
    return { status: 'registered', payee: { ...event.data }, agreements: new Map(), agreementIds: new Set() };
  }
  invariant(state.status === 'registered', `${event.type} before PayeeRegistered`);
  return evolveAgreement(state, event);
}

function evolveAgreement(state: RegisteredPayee, event: AgreementEvent): RegisteredPayee {
  const current = state.agreements.get(event.data.fundId);
  switch (event.type) {
    case 'AgreementSigned': {
      const { agreementId, fundId, validFrom, validTo } = event.data;
      const signed: AgreementState = {
        agreementId,
        fundId,
        validFrom,
        validTo,
        status: 'active',
        suspendedUntil: null,
        terminatedForCause: false,
      };
      return {
        ...state,
        agreements: new Map(state.agreements).set(fundId, signed),
        agreementIds: new Set(state.agreementIds).add(agreementId),
      };
    }
    case 'AgreementSuspended':
      return withAgreement(state, current, event, { status: 'suspended', suspendedUntil: event.data.untilDate });
    case 'AgreementReinstated':
      return withAgreement(state, current, event, { status: 'active', suspendedUntil: null });
    case 'AgreementTerminated':
      return withAgreement(state, current, event, {
        status: 'terminated',
        suspendedUntil: null,
        terminatedForCause: event.data.forCause === true,
      });
    default:
      return assertNever(event, 'agreement event');
  }
}

function withAgreement(
  state: RegisteredPayee,
  current: AgreementState | undefined,
  event: AgreementEvent,
  change: Pick<AgreementState, 'status' | 'suspendedUntil'> & Partial<Pick<AgreementState, 'terminatedForCause'>>,
): RegisteredPayee {
  invariant(
    current !== undefined && current.agreementId === event.data.agreementId,
    `${event.type} for agreement ${event.data.agreementId}, which is not the current agreement for fund ${event.data.fundId}`,
  );
  return { ...state, agreements: new Map(state.agreements).set(current.fundId, { ...current, ...change }) };
}
