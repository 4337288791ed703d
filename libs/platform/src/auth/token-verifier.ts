import { createPublicKey, createSecretKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES, type Principal, type Role } from './roles';

export interface TokenVerifierOptions {
  secret: string;
  issuer: string;
  /** Optional: also accept RS256/ES256 tokens signed by keys published at this JWKS URL. */
  jwksUrl?: string;
  /** Clock tolerance for exp/nbf. */
  clockToleranceSec?: number;
}

export class TokenError extends Error {
  override readonly name = 'TokenError';
}

const MAX_TOKEN_LENGTH = 8192;
const JWKS_CACHE_MS = 10 * 60 * 1000;

/** Verifies bearer JWTs: HS256 with the configured secret, or asymmetric keys from an optional JWKS. */
export class TokenVerifier {
  private jwks: { keys: Map<string, KeyObject>; fetchedAtMs: number } | undefined;
  /**
   * The HS256 secret as a KeyObject, made once: given a string, jsonwebtoken first tries (and fails)
   * createPublicKey on every verify — 0.44 ms a request, the largest single cost of a command (test/bench).
   */
  private readonly secretKey: KeyObject;

  constructor(private readonly options: TokenVerifierOptions) {
    this.secretKey = createSecretKey(Buffer.from(options.secret, 'utf8'));
  }

  async verify(token: string): Promise<Principal> {
    if (token.length > MAX_TOKEN_LENGTH) throw new TokenError('token too long');
    let decoded: jwt.Jwt | string | null;
    try {
      decoded = jwt.decode(token, { complete: true });
    } catch {
      // jws.decode JSON.parses the payload of a typ=JWT token unguarded: a SyntaxError here is a bad token (401),
      // not a malformed request body (the problem filter would have made it 400 MALFORMED_JSON).
      throw new TokenError('malformed token');
    }
    if (!decoded || typeof decoded === 'string') throw new TokenError('malformed token');
    const { alg, kid } = decoded.header;
    const key = alg === 'HS256' ? this.secretKey : await this.jwksKey(kid);
    const algorithms: jwt.Algorithm[] = alg === 'HS256' ? ['HS256'] : ['RS256', 'ES256'];
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, key, {
        algorithms,
        issuer: this.options.issuer,
        clockTolerance: this.options.clockToleranceSec ?? 5,
      });
    } catch (error) {
      throw new TokenError(error instanceof Error ? error.message : 'invalid token');
    }
    return principalFrom(payload);
  }

  private async jwksKey(kid: string | undefined): Promise<KeyObject> {
    if (!this.options.jwksUrl) throw new TokenError('only HS256 tokens are accepted (no JWKS configured)');
    if (!kid) throw new TokenError('token has no kid');
    const now = Date.now();
    if (!this.jwks || now - this.jwks.fetchedAtMs > JWKS_CACHE_MS || !this.jwks.keys.has(kid)) {
      this.jwks = { keys: await fetchJwks(this.options.jwksUrl), fetchedAtMs: now };
    }
    const key = this.jwks.keys.get(kid);
    if (!key) throw new TokenError(`unknown kid ${kid}`);
    return key;
  }
}

async function fetchJwks(url: string): Promise<Map<string, KeyObject>> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new TokenError(`JWKS fetch failed: ${response.status}`);
  const body = (await response.json()) as { keys?: Array<JsonWebKey & { kid?: string }> };
  const keys = new Map<string, KeyObject>();
  for (const jwk of body.keys ?? []) if (jwk.kid) keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
  return keys;
}

function principalFrom(payload: jwt.JwtPayload | string): Principal {
  if (typeof payload === 'string') throw new TokenError('token payload is not an object');
  const actor = payload.sub;
  const role = payload['role'] as unknown;
  if (typeof actor !== 'string' || actor.length === 0 || actor.length > 128) throw new TokenError('token has no valid sub');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new TokenError(`token role must be one of ${ROLES.join(', ')}`);
  }
  return { actor, role: role as Role };
}

/** Mints an HS256 token (CLI and tests). */
export function mintToken(secret: string, issuer: string, actor: string, role: Role, expiresInSec = 8 * 3600): string {
  return jwt.sign({ role }, secret, { algorithm: 'HS256', subject: actor, issuer, expiresIn: expiresInSec });
}
