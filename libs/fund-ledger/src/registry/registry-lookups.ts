import { Injectable } from '@nestjs/common';
import { StreamLoader } from '@ledger/platform';
import { notFound, ErrorCodes } from '../shared/domain-error';
import { fundEvolver, payeeEvolver } from './registry.streams';
import { fundStream, payeeStream, type FundKind } from './registry.events';
import type { AgreementState, PayeeProfile } from './registry.state';
import type { RegisteredPayeeState } from './payee.guards';
import { agreementFor, type AgreementSnapshot } from './agreement.queries';

export interface RegisteredFund {
  fundId: string;
  kind: FundKind;
  name: string;
  poolingRegion: string;
}

export interface RegisteredPayee {
  payee: PayeeProfile;
  /** The current agreement per fund, in the order the funds were first signed. */
  agreements: AgreementState[];
}

/**
 * Reads of other streams that a command needs before deciding (the fund's kind, the payee's agreement).
 * These are facts at decision time, recorded in the resulting event; they are not locked, by design:
 * each command keeps its invariant inside its own stream.
 */
@Injectable()
export class RegistryLookups {
  constructor(private readonly loader: StreamLoader) {}

  async fund(fundId: string, field = 'fundId'): Promise<RegisteredFund> {
    const { state } = await this.loader.load(fundStream(fundId), fundEvolver);
    if (state.status !== 'registered')
      throw notFound(ErrorCodes.FUND_NOT_FOUND, `fund ${fundId} is not registered`, field);
    return { fundId, kind: state.kind, name: state.name, poolingRegion: state.poolingRegion };
  }

  /** The payee's profile and current agreements; 404 for an unknown payee. */
  async payee(payeeId: string): Promise<RegisteredPayee> {
    const state = await this.registeredPayee(payeeId);
    return { payee: state.payee, agreements: [...state.agreements.values()] };
  }

  /** The payee's current agreement with the fund (null when none was signed); 404 for an unknown payee. */
  async agreement(payeeId: string, fundId: string): Promise<AgreementSnapshot | null> {
    return agreementFor(await this.registeredPayee(payeeId), fundId);
  }

  private async registeredPayee(payeeId: string): Promise<RegisteredPayeeState> {
    const { state } = await this.loader.load(payeeStream(payeeId), payeeEvolver);
    if (state.status !== 'registered')
      throw notFound(ErrorCodes.PAYEE_NOT_FOUND, `payee ${payeeId} is not registered`, 'payeeId');
    return state;
  }
}
