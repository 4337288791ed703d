import { AgreementChangeRequest } from '../agreement-change.request.dto';

export class TerminateAgreementRequest extends AgreementChangeRequest {}
