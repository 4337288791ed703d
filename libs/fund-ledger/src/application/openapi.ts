import { applyDecorators } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';

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

/** One field at fault, in a VALIDATION_FAILED problem. */
export class ProblemFieldView {
  @ApiProperty({ example: 'amountYuan' })
  field!: string;

  @ApiProperty({ example: 'amountYuan must be a non-negative decimal string with at most 2 decimal places and no exponent' })
  message!: string;
}

/** RFC 9457 problem details (application/problem+json). */
export class ProblemView {
  @ApiProperty({
    example: '/problems/validation-failed',
    format: 'uri-reference',
    description: "The code's documentation page on this service (/problems lists them all), or about:blank.",
  })
  type!: string;

  @ApiProperty({ example: 'The request is invalid' })
  title!: string;

  @ApiProperty({ example: 400, type: 'integer' })
  status!: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine code; clients switch on it.' })
  code!: string;

  @ApiProperty({ example: 'amountYuan: amountYuan must be a non-negative decimal string with at most 2 decimal places and no exponent' })
  detail!: string;

  @ApiPropertyOptional({ example: 'amountYuan', description: 'The field at fault, when there is one.' })
  field?: string;

  @ApiPropertyOptional({ type: [ProblemFieldView], description: 'VALIDATION_FAILED: every field at fault.' })
  errors?: ProblemFieldView[];

  @ApiPropertyOptional({ example: '/prepayments', description: 'The request path.' })
  instance?: string;
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** One problem response, declared as application/problem+json (what the filter sends), never application/json. */
export const ApiProblem = (status: number, description: string): MethodDecorator =>
  ApiResponse({ status, description, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: getSchemaPath(ProblemView) } } } });

const RETRY_LATER = 'STORE_UNAVAILABLE or STORE_BUSY: retry after Retry-After seconds (a command: with the same commandId).';
const RATE_LIMITED = 'RATE_LIMITED (when LEDGER_RATE_LIMIT_MAX is set): retry after Retry-After seconds.';

/** The problems every authenticated request can meet. */
const AUTHENTICATED_PROBLEMS = (): MethodDecorator[] => [
  ApiProblem(401, 'UNAUTHENTICATED: no bearer token, or an invalid one.'),
  ApiProblem(429, RATE_LIMITED),
];

/** Every command endpoint: 201 with the CommandResult, and the problems any command can meet. */
export function ApiCommand(summary: string, ...extra: MethodDecorator[]): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiCreatedResponse({ type: CommandResultView, description: 'Accepted (or a retry of an accepted command: replayed = true).' }),
    ApiProblem(400, 'VALIDATION_FAILED or INVALID_FIELD (with the field), MALFORMED_JSON.'),
    ...AUTHENTICATED_PROBLEMS(),
    ApiProblem(403, 'FORBIDDEN: this role may not send this command.'),
    ApiProblem(409, 'IDEMPOTENCY_KEY_REUSED (send a new commandId per command), ALREADY_EXISTS or CONCURRENCY_CONFLICT.'),
    ApiProblem(413, 'BODY_TOO_LARGE: larger than LEDGER_BODY_LIMIT_BYTES.'),
    ApiProblem(503, RETRY_LATER),
    ...extra,
  );
}

/** Every read endpoint: 200 with `type`, 400 for a malformed parameter, 503 while the store is out or a read waits in vain. */
export function ApiRead(summary: string, type: new () => object, ...extra: MethodDecorator[]): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary }),
    ApiOkResponse({ type }),
    ApiProblem(400, 'VALIDATION_FAILED: a path or query parameter is malformed (or unknown).'),
    ...AUTHENTICATED_PROBLEMS(),
    ApiProblem(503, `PROJECTION_BEHIND (minPosition not reached within waitMs), ${RETRY_LATER}`),
    ...extra,
  );
}

export const ApiNotFound = (codes: string): MethodDecorator => ApiProblem(404, codes);
export const ApiRefused = (codes: string): MethodDecorator => ApiProblem(422, codes);
