import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemException, Problems } from '../http/problem';
import { IS_PUBLIC, PAYEE_SCOPE, REQUIRED_ROLES, type PayeeScope, type Principal, type Role } from './roles';
import { TokenError, TokenVerifier } from './token-verifier';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). The auditor role can
 * write nothing, whatever an endpoint's @Roles say (defence in depth). A hospital token is denied by
 * default: it writes only where @Roles names 'hospital', reads only @PayeeScoped routes, and on both
 * only for the payee its token names.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    const isWrite = !READ_METHODS.has(request.method);
    if (isWrite && principal.role === 'auditor') throw Problems.forbidden('the auditor role is read-only');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (principal.role === 'hospital') {
      assertHospitalMayReach(principal, request, isWrite, roles, this.reflector.get<PayeeScope | undefined>(PAYEE_SCOPE, context.getHandler()));
    }
    if (roles && principal.role !== 'admin' && !roles.includes(principal.role)) {
      throw Problems.forbidden(`this endpoint needs one of the roles: admin, ${roles.join(', ')}`);
    }
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (!header) throw Problems.unauthenticated('missing Authorization: Bearer <token>');
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) throw Problems.unauthenticated('Authorization must be "Bearer <token>"');
    try {
      return await this.verifier.verify(match[1]!);
    } catch (error) {
      if (error instanceof TokenError) throw Problems.unauthenticated(`invalid token: ${error.message}`);
      throw error;
    }
  }
}

/**
 * Deny by default: a write needs @Roles naming 'hospital' (a write without @Roles is not open to it), a
 * read needs @PayeeScoped; either then only for the token's own payee (403 FORBIDDEN_PAYEE otherwise).
 */
function assertHospitalMayReach(
  principal: Principal,
  request: AuthenticatedRequest,
  isWrite: boolean,
  roles: Role[] | undefined,
  scope: PayeeScope | undefined,
): void {
  if (isWrite && !roles?.includes('hospital')) throw Problems.forbidden('a hospital token may write nothing but objections');
  if (scope === undefined) {
    const route = request.routeOptions.url ?? request.url;
    throw Problems.forbidden(`a hospital token reads only its own hospital-years, statements and events, not ${request.method} ${route}`);
  }
  const source = (scope.from === 'params' ? request.params : request.body) as Record<string, unknown> | undefined;
  const payeeId = source?.[scope.field];
  if (payeeId !== principal.payeeId) {
    throw new ProblemException(
      403,
      'FORBIDDEN_PAYEE',
      'Not allowed for this payee',
      `this hospital token acts for payee ${principal.payeeId ?? '(none)'} only, not ${typeof payeeId === 'string' ? payeeId : '(none)'}`,
      scope.field,
    );
  }
}
