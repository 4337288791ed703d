import { AgreementChangeRequest } from '../agreement-change.request.dto';

export class ReinstateAgreementRequest extends AgreementChangeRequest {}
