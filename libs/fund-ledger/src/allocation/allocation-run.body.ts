import type { AllocationRunRequestBody } from './allocation-run.service';
import type { AllocationRunInputsRequest, HospitalRecordRequest } from './allocation.request.dto';
import type { HospitalRecordRequest as HospitalRecord } from './allocation.inputs';

/** Plain data from the validated DTO (class instances carry undefined keys and class identity). */
export function runBody(request: AllocationRunInputsRequest): AllocationRunRequestBody {
  const plain = JSON.parse(JSON.stringify(request)) as AllocationRunInputsRequest & { commandId?: string };
  const { commandId: _commandId, ...body } = plain;
  return body;
}

export function recordsOf(records: readonly HospitalRecordRequest[]): HospitalRecord[] {
  return JSON.parse(JSON.stringify(records)) as HospitalRecord[];
}
