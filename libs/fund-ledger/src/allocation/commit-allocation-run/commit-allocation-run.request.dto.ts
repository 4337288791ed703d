import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { AllocationRunInputsRequest } from '../allocation.request.dto';

export class CommitAllocationRunRequest extends AllocationRunInputsRequest {
  @ApiProperty({
    format: 'uuid',
    description:
      'Client-chosen id. A retry with the same id and body returns the first result (and completes the application).',
  })
  @IsUUID()
  commandId!: string;
}
