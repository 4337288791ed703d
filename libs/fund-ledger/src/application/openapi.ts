import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

/**
 * OpenAPI shapes of what every endpoint answers. The platform's CommandResult and ProblemBody are
 * interfaces (no runtime metadata), so /docs needs these classes to show them.
 */
export class CommittedEventView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'PayeeRegistered' })
  type!: string;

  @ApiProperty({ example: '0', description: 'Revision of the event in its stream (a decimal string).' })
  revision!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data as stored.' })
  data!: Record<string, unknown>;
}

export class CommandResultView {
  @ApiProperty({ format: 'uuid' })
  commandId!: string;

  @ApiProperty({ example: 'payee-H-001' })
  stream!: string;

  @ApiProperty({ example: '42', nullable: true, type: String, description: 'Global position of the last event written; pass it as minPosition to read your writes. Null when nothing was appended.' })
  position!: string | null;

  @ApiProperty({ type: [CommittedEventView], description: 'Empty when the command changed nothing (e.g. the same policy set again).' })
  events!: CommittedEventView[];

  @ApiProperty({ description: "True when this is a retry's answer: nothing was appended this time." })
  replayed!: boolean;
}

/** RFC 9457 problem details (application/problem+json). */
export class ProblemView {
  @ApiProperty({ example: 'https://yibao-ledger.example/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'The request is invalid' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine code; clients switch on it.' })
  code!: string;

  @ApiProperty({ example: 'amountYuan: amountYuan must be a non-negative decimal string with at most 2 decimal places and no exponent' })
  detail!: string;

  @ApiPropertyOptional({ example: 'amountYuan', description: 'The field at fault, when there is one.' })
  field?: string;
}

const problem = (description: string) => ({ type: ProblemView, description });

/** Every command endpoint: 201 with the CommandResult, and the problems any command can meet. */
export function ApiCommand(summary: string, ...extra: MethodDecorator[]): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiCreatedResponse({ type: CommandResultView, description: 'Accepted (or a retry of an accepted command: replayed = true).' }),
    ApiBadRequestResponse(problem('VALIDATION_FAILED or INVALID_FIELD, with the field.')),
    ApiUnauthorizedResponse(problem('UNAUTHENTICATED')),
    ApiForbiddenResponse(problem('FORBIDDEN: this role may not send this command.')),
    ApiConflictResponse(problem('IDEMPOTENCY_KEY_REUSED, ALREADY_EXISTS or CONCURRENCY_CONFLICT.')),
    ...extra,
  );
}

/** Every read endpoint: 200 with `type`, 400 for a malformed path parameter. */
export function ApiRead(summary: string, type: new () => object, ...extra: MethodDecorator[]): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiOkResponse({ type }),
    ApiBadRequestResponse(problem('VALIDATION_FAILED: a path parameter is malformed.')),
    ApiUnauthorizedResponse(problem('UNAUTHENTICATED')),
    ...extra,
  );
}

export const ApiNotFound = (codes: string): MethodDecorator => ApiNotFoundResponse(problem(codes));
export const ApiRefused = (codes: string): MethodDecorator => ApiUnprocessableEntityResponse(problem(codes));
