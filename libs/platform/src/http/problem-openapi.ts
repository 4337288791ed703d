import type { ApiResponseOptions } from '@nestjs/swagger';

/**
 * A problem response for @ApiResponse in the platform's own controllers (health, audit). The ProblemView
 * schema is registered with the document (bootstrap's extraModels); the domain's controllers use
 * ApiProblem from libs/fund-ledger/src/application/openapi.ts, which declares the same.
 */
export const PROBLEM_SCHEMA_REF = '#/components/schemas/ProblemView';

export const PROBLEM_RESPONSE = (status: number, description: string): ApiResponseOptions => ({
  status,
  description,
  content: { 'application/problem+json': { schema: { $ref: PROBLEM_SCHEMA_REF } } },
});
