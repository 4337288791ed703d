import { SetMetadata } from '@nestjs/common';

/** admin: everything; finance: money movements; planner: budgets and quotas; auditor: read-only. */
export const ROLES = ['admin', 'finance', 'planner', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The actor recorded on every event (the token's subject). */
  readonly actor: string;
  readonly role: Role;
}

export const IS_PUBLIC = 'ledger:isPublic';
export const REQUIRED_ROLES = 'ledger:roles';

/** No token needed (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The roles allowed; admin is always allowed. An endpoint without @Roles is readable by every role. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLES, roles);

export const WRITE_ROLES = {
  money: ['finance'] as Role[],
  registry: ['finance'] as Role[],
  planning: ['planner'] as Role[],
};
