import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateIf } from 'class-validator';
import { Problems } from '../http/problem';
import { LEDGER_CONFIG } from '../config/config.module';
import type { LedgerConfig } from '../config/ledger-config';
import { PAYEE_ID_PATTERN, Public, ROLES, type Role } from './roles';
import { mintToken } from './token-verifier';

/** Dev tokens live for a working day at most: the console asks again after that. */
const MAX_TTL_HOURS = 12;
const DEFAULT_TTL_HOURS = 8;

export class DevTokenRequest {
  @IsIn([...ROLES])
  role!: Role;

  /** The actor recorded on every event the token's holder writes (the token's subject). */
  @Matches(/^[A-Za-z0-9._@-]{1,64}$/, { message: 'actor must be 1..64 letters, digits or . _ @ -' })
  actor!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TTL_HOURS)
  ttlHours?: number;

  /** The payee a hospital token acts for: required with role hospital, refused with any other role. */
  @ValidateIf((request: DevTokenRequest) => request.role === 'hospital' || request.payeeId !== undefined)
  @Matches(PAYEE_ID_PATTERN, { message: 'payeeId must be 1..64 letters, digits, _ or -, and is needed by (only) the hospital role' })
  payeeId?: string;
}

export interface DevTokenView {
  token: string;
  actor: string;
  role: Role;
  payeeId?: string;
  expiresAt: string;
}

/**
 * POST /dev/tokens: mints a bearer token with the very secret the service verifies with, so that the web
 * console can sign in on a developer's machine without a terminal (`npm run token` does the same).
 * AuthModule registers this controller only when NODE_ENV is not production, so a production service has
 * no such route (404). Left out of /docs on purpose: the OpenAPI contract lists production's operations.
 * Not a ledger command: it writes nothing and touches no stream, so it needs no bus.
 */
@ApiExcludeController()
@Controller('dev/tokens')
@Public()
export class DevTokensController {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  @Post()
  @HttpCode(200)
  mint(@Body() body: DevTokenRequest): DevTokenView {
    const ttlHours = body.ttlHours ?? DEFAULT_TTL_HOURS;
    if (body.role !== 'hospital' && body.payeeId !== undefined) {
      throw Problems.validation([{ field: 'payeeId', message: 'only a hospital token names a payee' }]);
    }
    const { jwtSecret, jwtIssuer, jwtAudience } = this.config;
    const token = mintToken(jwtSecret, jwtIssuer, body.actor, body.role, ttlHours * 3600, jwtAudience, body.payeeId);
    const payee = body.payeeId === undefined ? {} : { payeeId: body.payeeId };
    return { token, actor: body.actor, role: body.role, ...payee, expiresAt: new Date(Date.now() + ttlHours * 3600_000).toISOString() };
  }
}

/** The one place that decides whether the dev-token route exists: never under NODE_ENV=production. */
export function devTokenControllers(env: Readonly<Record<string, string | undefined>> = process.env): Array<typeof DevTokensController> {
  return env['NODE_ENV'] === 'production' ? [] : [DevTokensController];
}
