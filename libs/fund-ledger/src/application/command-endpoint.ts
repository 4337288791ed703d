import {
  applyDecorators,
  Controller,
  createParamDecorator,
  HttpCode,
  Injectable,
  Post,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import {
  CommandEnvelopeFactory,
  Problems,
  Roles,
  type AuthenticatedRequest,
  type CommandEnvelope,
  type Role,
} from '@ledger/platform';
import { ApiCommand, ApiNotFound, ApiRefused } from './openapi';

/** A controller of command endpoints: its OpenAPI tag, bearer auth, and route prefix. */
export const CommandController = (tag: string, path: string): ClassDecorator =>
  applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path));

export interface CommandEndpointOptions {
  /** Who may send it (admin always may; the auditor never writes). */
  readonly roles: readonly Role[];
  /** The OpenAPI summary: "what it does -> the events it appends". */
  readonly summary: string;
  /** 404 codes it can answer, e.g. 'FUND_NOT_FOUND, PAYEE_NOT_FOUND'. */
  readonly notFound?: string;
  /** 422 codes (business rules) it can answer. */
  readonly refused?: string;
  /** Sub-path below the controller's path. */
  readonly path?: string;
  /** The 201 body's OpenAPI class when it is more than a CommandResult. */
  readonly resultType?: new () => object;
}

/** One command endpoint: POST, 201 with the CommandResult, the roles allowed and the problems it can answer. */
export function CommandEndpoint(options: CommandEndpointOptions): MethodDecorator {
  const problems: MethodDecorator[] = [];
  if (options.notFound) problems.push(ApiNotFound(options.notFound));
  if (options.refused) problems.push(ApiRefused(options.refused));
  if (options.resultType)
    problems.push(
      ApiCreatedResponse({ type: options.resultType, description: 'Accepted (replayed = true on a retry).' }),
    );
  return applyDecorators(
    options.path === undefined ? Post() : Post(options.path),
    HttpCode(201),
    Roles(...options.roles),
    ApiCommand(options.summary, ...problems),
  );
}

/** Builds the envelope from the request the guard authenticated (ids from the body and headers, time from the clock). */
@Injectable()
export class EnvelopePipe implements PipeTransform<AuthenticatedRequest, CommandEnvelope> {
  constructor(private readonly envelopes: CommandEnvelopeFactory) {}

  transform(request: AuthenticatedRequest): CommandEnvelope {
    if (!request.principal) throw Problems.unauthenticated('no principal on request');
    // The body's own pipe validates commandId and effectiveDate; the handler runs only if it passed.
    const body = (request.body ?? {}) as { commandId: string; effectiveDate?: string };
    // request.id is the x-request-id the HTTP edge accepted or generated (http-edge.ts): recorded on the events.
    return { ...this.envelopes.fromRequest(request, request.principal, body), requestId: request.id };
  }
}

const AuthenticatedHttpRequest = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedRequest =>
    context.switchToHttp().getRequest<AuthenticatedRequest>(),
);

/** The command's envelope: who asked, under which id, in which causal chain, at which time and business date. */
export const Envelope = (): ParameterDecorator => AuthenticatedHttpRequest(EnvelopePipe);
