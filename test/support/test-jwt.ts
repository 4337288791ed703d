import { createHmac } from 'node:crypto';

export interface TestSignOptions {
  readonly algorithm?: 'HS256' | 'HS384' | 'HS512';
  readonly subject?: string;
  readonly issuer?: string;
  /** Seconds from now. */
  readonly expiresIn?: number;
}

const HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A synchronous HMAC JWT for tests that build many (hostile) tokens inline: claims exactly as given, plus
 * iat and the options' sub/iss/exp. The service verifies with jose; this is only the tests' forger.
 */
export function signTestJwt(payload: Record<string, unknown>, secret: string, options: TestSignOptions = {}): string {
  const algorithm = options.algorithm ?? 'HS256';
  const claims: Record<string, unknown> = { iat: Math.floor(Date.now() / 1000), ...payload };
  if (options.subject !== undefined) claims['sub'] = options.subject;
  if (options.issuer !== undefined) claims['iss'] = options.issuer;
  if (options.expiresIn !== undefined) claims['exp'] = Math.floor(Date.now() / 1000) + options.expiresIn;
  const signingInput = `${b64url({ alg: algorithm, typ: 'JWT' })}.${b64url(claims)}`;
  const signature = createHmac(HASH[algorithm], secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}
