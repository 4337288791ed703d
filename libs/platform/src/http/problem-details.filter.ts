import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EventStoreArgumentError, EventStoreBusyError, EventStoreFaultError, EventStoreUnavailableError } from '@ledger/event-store';
import { DomainError, type DomainErrorKind } from '@ledger/kernel';
import { MoneyFormatError } from '@ledger/money';
import { PROBLEM_CONTENT_TYPE, ProblemException, Problems, problemType, type ProblemBody } from './problem';

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  validation: 400,
  not_found: 404,
  conflict: 409,
  business_rule: 422,
  unavailable: 503,
};

const DOMAIN_TITLE: Record<DomainErrorKind, string> = {
  validation: 'The request is invalid',
  not_found: 'Not found',
  conflict: 'Conflict',
  business_rule: 'Refused by a business rule',
  unavailable: 'Temporarily unavailable',
};

/** Titles that predate the kernel errors; kept so the problem bodies stay as they were. */
const TITLE_BY_CODE: Readonly<Record<string, string>> = {
  CONCURRENCY_CONFLICT: 'Concurrent update',
  IDEMPOTENCY_KEY_REUSED: 'Command id reused with another body',
  STORE_BUSY: 'The ledger is busy',
};

function fromDomainError(error: DomainError): ProblemException {
  const headers: Record<string, string> =
    error.retryAfterSeconds !== undefined ? { 'retry-after': String(error.retryAfterSeconds) } : {};
  const title = TITLE_BY_CODE[error.code] ?? DOMAIN_TITLE[error.kind];
  return new ProblemException(DOMAIN_STATUS[error.kind], error.code, title, error.message, error.field, {}, headers);
}

interface FastifyErrorLike {
  code?: string;
  statusCode?: number;
  message: string;
}

/** Maps anything thrown to a problem. Unknown errors become a 500 whose detail reveals nothing. */
export function toProblem(error: unknown): ProblemException {
  if (error instanceof ProblemException) return error;
  if (error instanceof DomainError) return fromDomainError(error);
  if (error instanceof MoneyFormatError) {
    return new ProblemException(400, 'VALIDATION_FAILED', 'The request is invalid', error.message, error.field, {
      errors: [{ field: error.field, message: error.reason }],
    });
  }
  if (error instanceof EventStoreBusyError) {
    return new ProblemException(503, 'STORE_BUSY', TITLE_BY_CODE['STORE_BUSY'] ?? 'Busy', error.message, undefined, {}, {
      'retry-after': String(error.retryAfterSeconds),
    });
  }
  if (error instanceof EventStoreFaultError) {
    // A fault of the storage itself (disk full, read-only, removed, timeout): its own stable code.
    return new ProblemException(503, error.code, 'The event store cannot write', error.message, undefined, {}, {
      'retry-after': String(error.retryAfterSeconds),
    });
  }
  if (error instanceof EventStoreUnavailableError) {
    return Problems.storeUnavailable('the event store cannot be reached; retry later');
  }
  if (error instanceof EventStoreArgumentError) {
    return new ProblemException(400, 'INVALID_ARGUMENT', 'The request is invalid', error.message);
  }
  const fastifyProblem = fromFastifyError(error);
  if (fastifyProblem) return fastifyProblem;
  if (error instanceof HttpException) return fromHttpException(error);
  return new ProblemException(500, 'INTERNAL', 'Internal error', 'an unexpected error occurred; it has been logged');
}

/** Nest wraps Fastify's body-parser errors in HttpExceptions; give them the same stable codes. */
function fromHttpException(error: HttpException): ProblemException {
  const status = error.getStatus();
  const cause = error.cause instanceof Error ? fromFastifyError(error.cause) : undefined;
  if (cause) return cause;
  const readiness = status === 503 ? notReady(error.getResponse()) : undefined;
  if (readiness) return readiness;
  switch (status) {
    case 404:
      return new ProblemException(404, 'NOT_FOUND', 'Not found', error.message);
    case 405:
      return new ProblemException(405, 'METHOD_NOT_ALLOWED', 'Method not allowed', error.message);
    case 413:
      return new ProblemException(413, 'BODY_TOO_LARGE', 'Request body too large', error.message);
    case 415:
      return new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', 'send application/json');
    case 400:
      // The body parser's failures (syntax, prototype poisoning) arrive here as plain 400s.
      return /JSON|prototype|constructor/i.test(error.message)
        ? new ProblemException(400, 'MALFORMED_JSON', 'Malformed JSON', error.message)
        : new ProblemException(400, 'MALFORMED_REQUEST', 'Malformed request', error.message);
    default:
      return new ProblemException(status, `HTTP_${status}`, error.message, error.message);
  }
}

/** /health's 503 (terminus: { status: 'error', error, details }): keep which checks are down, and why. */
function notReady(response: unknown): ProblemException | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const { status, error, details } = response as { status?: unknown; error?: unknown; details?: unknown };
  if (status !== 'error' || typeof error !== 'object' || error === null) return undefined;
  const down = Object.keys(error).join(', ') || 'unknown';
  return new ProblemException(503, 'NOT_READY', 'Not ready', `readiness checks down: ${down}`, undefined, { checks: details ?? error }, { 'retry-after': '5' });
}

function fromFastifyError(error: unknown): ProblemException | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, statusCode } = error as FastifyErrorLike;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemException(413, 'BODY_TOO_LARGE', 'Request body too large', error.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type', 'send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProblemException(400, 'MALFORMED_JSON', 'Malformed JSON', error.message);
    default:
      break;
  }
  // Prototype poisoning (__proto__, constructor.prototype) and plain JSON syntax errors from the parser.
  if (error instanceof SyntaxError || (statusCode === 400 && /JSON|prototype/i.test(error.message))) {
    return new ProblemException(400, 'MALFORMED_JSON', 'Malformed JSON', error.message);
  }
  return undefined;
}

export function problemBody(problem: ProblemException, instance?: string): ProblemBody {
  const body: ProblemBody = {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    code: problem.code,
    detail: problem.message,
    ...problem.extensions,
  };
  if (problem.field !== undefined) body.field = problem.field;
  if (instance !== undefined) body.instance = instance;
  return body;
}

export function sendProblem(reply: FastifyReply, problem: ProblemException, instance?: string): void {
  for (const [name, value] of Object.entries(problem.headers)) void reply.header(name, value);
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problemBody(problem, instance));
}

/**
 * A refused request (4xx) at info, with what an operator searches by: the code, the path, who asked and
 * the request id (the reply's x-request-id). Written on the request's own logger (it carries reqId).
 */
export function logClientProblem(request: FastifyRequest | undefined, problem: ProblemException): void {
  if (!request || problem.status < 400 || problem.status >= 500) return;
  const principal = (request as FastifyRequest & { principal?: { actor: string; role: string } }).principal;
  request.log.info(
    {
      status: problem.status,
      code: problem.code,
      ...(problem.field === undefined ? {} : { field: problem.field }),
      method: request.method,
      path: request.url.split('?')[0],
      actor: principal?.actor ?? null,
      role: principal?.role ?? null,
      requestId: request.id,
    },
    `${problem.status} ${problem.code}`,
  );
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    else logClientProblem(request, problem);
    sendProblem(reply, problem, request?.url);
  }
}
