import { SetMetadata } from '@nestjs/common';

/**
 * admin: everything; finance: money movements; planner: budgets and quotas; auditor: read-only;
 * hospital: a designated hospital (定点医疗机构) reading its own hospital-years and filing objections (异议).
 */
export const ROLES = ['admin', 'finance', 'planner', 'auditor', 'hospital'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The actor recorded on every event (the token's subject). */
  readonly actor: string;
  readonly role: Role;
  /** The one payee a hospital token acts for (its `payeeId` claim); absent on every other role. */
  readonly payeeId?: string;
}

/** A payee id as the registry accepts it (registry/field-rules ID_PATTERN): what a hospital token may name. */
export const PAYEE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const IS_PUBLIC = 'ledger:isPublic';
export const REQUIRED_ROLES = 'ledger:roles';
export const PAYEE_SCOPE = 'ledger:payeeScope';

/** No token needed (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The roles allowed; admin is always allowed. An endpoint without @Roles is readable by every role except
 * hospital (a hospital reaches only @PayeeScoped reads and the writes whose roles name it).
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** Where the payee of a request is: a route parameter (reads) or a body field (commands). */
export interface PayeeScope {
  readonly from: 'params' | 'body';
  readonly field: string;
}

/**
 * The route is about one payee: a hospital token may reach it for its own payee only (403 FORBIDDEN_PAYEE
 * for another). Other roles are not affected. Without it, a hospital token reaches no read at all, so a
 * list or summary spanning hospitals is forbidden to it by default.
 */
export const PayeeScoped = (from: PayeeScope['from'] = 'params', field = 'payeeId'): MethodDecorator =>
  SetMetadata(PAYEE_SCOPE, { from, field } satisfies PayeeScope);

export const WRITE_ROLES = {
  money: ['finance'] as Role[],
  registry: ['finance'] as Role[],
  planning: ['planner'] as Role[],
  /** Objections (异议) are filed by the hospital itself (admin may enter one received on paper). */
  objection: ['hospital'] as Role[],
};
