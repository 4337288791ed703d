import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@ledger/platform';
import { IsCalendarDate } from '../../application/request-rules';
import { AgreementChangeRequest } from '../agreement-change.request.dto';

export class SuspendAgreementRequest extends AgreementChangeRequest {
  @ApiPropertyOptional({
    example: '2026-04-30',
    description: "The sanction's planned end, recorded only: reinstatement is always an explicit command.",
  })
  @IsOmittable()
  @IsCalendarDate()
  untilDate?: string;
}
