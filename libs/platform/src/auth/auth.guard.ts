import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Problems } from '../http/problem';
import { IS_PUBLIC, REQUIRED_ROLES, type Principal, type Role } from './roles';
import { TokenError, TokenVerifier } from './token-verifier';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). The auditor role can
 * write nothing, whatever an endpoint's @Roles say (defence in depth).
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
