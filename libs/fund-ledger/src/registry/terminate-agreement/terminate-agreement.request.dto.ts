import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOmittable } from '@ledger/platform';
import { AgreementChangeRequest } from '../agreement-change.request.dto';

export class TerminateAgreementRequest extends AgreementChangeRequest {
  @ApiPropertyOptional({
    example: true,
    default: false,
    description:
      'Terminated for cause (fraud R-ENF-1, serious violations R-ENF-7): the year-end settlement of the hospital-year returns no withheld deposit, whatever the score, and holds its payment until a decision releases it. Default false.',
  })
  @IsOmittable()
  @IsBoolean()
  forCause?: boolean;
}
