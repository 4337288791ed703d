import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import {
  base64url,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import { PAYEE_ID_PATTERN, ROLES, type Principal, type Role } from './roles';

export interface TokenVerifierOptions {
  secret: string;
  /**
   * Where the secret came from, as a 401 for a bad signature names it (never the secret itself):
   * "LEDGER_JWT_SECRET" or "the dev secret file /abs/data/dev-jwt-secret".
   */
  secretSource?: string;
  issuer: string;
  /** When set, a token's `aud` must contain it. */
  audience?: string;
  /** Optional: also accept RS256/ES256/EdDSA tokens signed by keys published at this JWKS URL. */
  jwksUrl?: string;
  /** Clock tolerance for exp/nbf. */
  clockToleranceSec?: number;
  /** Tests shorten these; defaults: 30 s between refetches for an unknown kid, keys kept 10 min. */
  jwksCooldownMs?: number;
  jwksCacheMaxAgeMs?: number;
}

export class TokenError extends Error {
  override readonly name = 'TokenError';
}

const MAX_TOKEN_LENGTH = 8192;
/** The only algorithms accepted: the shared secret signs HS256; an identity provider's keys sign the rest. */
export const SECRET_ALGORITHMS = ['HS256'] as const;
export const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;
const JWKS_TIMEOUT_MS = 5000;

/**
 * Verifies bearer JWTs with jose: HS256 with the configured secret, or RS256/ES256/EdDSA with a key from
 * an optional JWKS (createRemoteJWKSet: one fetch in flight however many requests wait, a cooldown
 * before an unknown kid may trigger another, keys cached between).
 */
export class TokenVerifier {
  /** Made once: a KeyObject skips re-importing the secret on every request (the largest cost of a command). */
  private readonly secretKey: KeyObject;
  private readonly jwks: JWTVerifyGetKey | undefined;

  constructor(private readonly options: TokenVerifierOptions) {
    this.secretKey = createSecretKey(Buffer.from(options.secret, 'utf8'));
    this.jwks = options.jwksUrl
      ? createRemoteJWKSet(new URL(options.jwksUrl), {
          cooldownDuration: options.jwksCooldownMs ?? 30_000,
          cacheMaxAge: options.jwksCacheMaxAgeMs ?? 10 * 60_000,
          timeoutDuration: JWKS_TIMEOUT_MS,
        })
      : undefined;
  }

  async verify(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenError('token too long');
    const alg = headerAlgorithm(token);
    const claims: JWTVerifyOptions = {
      issuer: this.options.issuer,
      ...(this.options.audience ? { audience: this.options.audience } : {}),
      clockTolerance: this.options.clockToleranceSec ?? 5,
    };
    if (alg === 'HS256') {
      return principalFrom(await this.run(() => jwtVerify(token, this.secretKey, { ...claims, algorithms: [...SECRET_ALGORITHMS] }), 'secret'));
    }
    const jwks = this.jwks;
    if (!jwks) throw new TokenError('only HS256 tokens are accepted (no JWKS configured)');
    return principalFrom(await this.run(() => jwtVerify(token, jwks, { ...claims, algorithms: [...JWKS_ALGORITHMS] }), 'jwks'));
  }

  /** jose's refusals become TokenError (401); a bad HS256 signature names the secret's source. */
  private async run(verify: () => Promise<{ payload: JWTPayload }>, keys: 'secret' | 'jwks'): Promise<JWTPayload> {
    try {
      return (await verify()).payload;
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed && keys === 'secret') {
        const source = this.options.secretSource ?? 'the configured secret';
        throw new TokenError(`signature verification failed: this service verifies HS256 tokens with ${source}`);
      }
      if (error instanceof errors.JOSEError) throw new TokenError(`${error.code}: ${error.message}`);
      if (keys === 'jwks') throw new TokenError(`the key set at LEDGER_JWKS_URL is unavailable: ${(error as Error).message}`);
      if (error instanceof TypeError) throw new TokenError('malformed token');
      throw error;
    }
  }
}

function headerAlgorithm(token: string): string | undefined {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    // Not a JWS at all (bad base64url, a header that is not JSON): a bad token (401), not a bad body (400).
    throw new TokenError('malformed token');
  }
}

function principalFrom(payload: JWTPayload): Principal {
  const actor = payload.sub;
  const role = payload['role'] as unknown;
  if (typeof actor !== 'string' || actor.length === 0 || actor.length > 128) throw new TokenError('token has no valid sub');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new TokenError(`token role must be one of ${ROLES.join(', ')}`);
  }
  return { actor, role: role as Role, ...payeeClaim(role as Role, payload[PAYEE_CLAIM]) };
}

/** The claim naming the one payee a hospital token acts for. */
export const PAYEE_CLAIM = 'payeeId';

/**
 * A hospital token names exactly one well-formed payee; no other role names one (a payee on a finance
 * token would read as a restriction it does not have). Both are 401s: the token is wrong, not the request.
 */
function payeeClaim(role: Role, value: unknown): { payeeId?: string } {
  if (role !== 'hospital') {
    if (value !== undefined) throw new TokenError(`only a hospital token names a payee (${PAYEE_CLAIM})`);
    return {};
  }
  if (typeof value !== 'string' || !PAYEE_ID_PATTERN.test(value)) {
    throw new TokenError(`a hospital token must name its payee: ${PAYEE_CLAIM} of 1..64 letters, digits, _ or -`);
  }
  return { payeeId: value };
}

/**
 * Mints an HS256 token (CLI and tests): the compact JWS that jose's jwtVerify accepts. Synchronous, because
 * the harnesses and benchmarks mint inline and jose's SignJWT only signs asynchronously; HS256 is one HMAC.
 */
export function mintToken(
  secret: string,
  issuer: string,
  actor: string,
  role: Role,
  expiresInSec = 8 * 3600,
  audience?: string,
  payeeId?: string,
): string {
  // Refused here rather than minted and then refused on every request (payeeClaim's rule).
  if (role === 'hospital' && (payeeId === undefined || !PAYEE_ID_PATTERN.test(payeeId))) {
    throw new TokenError('a hospital token must name its payee (1..64 letters, digits, _ or -)');
  }
  if (role !== 'hospital' && payeeId !== undefined) throw new TokenError('only a hospital token names a payee');
  const iat = Math.floor(Date.now() / 1000);
  const encode = (value: object) => base64url.encode(JSON.stringify(value));
  const payee = payeeId === undefined ? {} : { [PAYEE_CLAIM]: payeeId };
  const claims = { role, sub: actor, iss: issuer, ...payee, ...(audience ? { aud: audience } : {}), iat, exp: iat + expiresInSec };
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createHmac('sha256', Buffer.from(secret, 'utf8')).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}
