import { Injectable } from '@nestjs/common';
import { CommandPipeline } from '@ledger/platform';
import { notFound, ErrorCodes } from '../shared/domain-error';
import { fundDecider, payeeDecider } from '../registry/registry.decider';
import { fundStream, payeeStream, type FundKind } from '../registry/registry.events';
import { agreementFor, type AgreementSnapshot } from '../registry/agreement.queries';

export interface RegisteredFund {
  fundId: string;
  kind: FundKind;
  name: string;
  poolingRegion: string;
}

/**
 * Reads of other streams that a command needs before deciding (the fund's kind, the payee's agreement).
 * These are facts at decision time, recorded in the resulting event; they are not locked, by design:
 * each command keeps its invariant inside its own stream.
 */
@Injectable()
export class RegistryLookups {
  constructor(private readonly pipeline: CommandPipeline) {}

  async fund(fundId: string, field = 'fundId'): Promise<RegisteredFund> {
    const { state } = await this.pipeline.loader.load(fundStream(fundId), fundDecider);
    if (state.status !== 'registered') throw notFound(ErrorCodes.FUND_NOT_FOUND, `fund ${fundId} is not registered`, field);
    return { fundId, kind: state.kind, name: state.name, poolingRegion: state.poolingRegion };
  }

  /** The payee's current agreement with the fund (null when none was signed); 404 for an unknown payee. */
  async agreement(payeeId: string, fundId: string): Promise<AgreementSnapshot | null> {
    const { state } = await this.pipeline.loader.load(payeeStream(payeeId), payeeDecider);
    if (state.status !== 'registered') throw notFound(ErrorCodes.PAYEE_NOT_FOUND, `payee ${payeeId} is not registered`, 'payeeId');
    return agreementFor(state, fundId);
  }
}
