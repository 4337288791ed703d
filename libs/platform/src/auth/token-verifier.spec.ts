import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type KeyLike } from 'jose';
import { mintToken, TokenError, TokenVerifier } from './token-verifier';

const SECRET = 'unit-secret-0123456789abcdef0123456789abcdef';
const ISSUER = 'yibao-ledger';

async function refusal(verifier: TokenVerifier, token: string): Promise<string> {
  try {
    await verifier.verify(token);
  } catch (error) {
    if (error instanceof TokenError) return error.message;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('TokenVerifier on jose, HS256 with the configured secret', () => {
  const verifier = new TokenVerifier({ secret: SECRET, issuer: ISSUER, secretSource: 'the dev secret file /srv/data/dev-jwt-secret' });

  it('accepts what mintToken signs, and jose itself agrees', async () => {
    const token = mintToken(SECRET, ISSUER, 'zhang.san', 'finance', 60);
    await expect(verifier.verify(token)).resolves.toEqual({ actor: 'zhang.san', role: 'finance' });
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET), { issuer: ISSUER });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'zhang.san', role: 'finance', iss: ISSUER });
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it('names the secret source on a bad signature, never the secret', async () => {
    const message = await refusal(verifier, mintToken('another-secret-0123456789abcdef0123456789', ISSUER, 'x', 'admin'));
    expect(message).toBe('signature verification failed: this service verifies HS256 tokens with the dev secret file /srv/data/dev-jwt-secret');
    expect(message).not.toContain(SECRET);
  });

  it('refuses other algorithms, a wrong issuer, an expired token and garbage', async () => {
    const key = new TextEncoder().encode(SECRET);
    const hs512 = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS512' }).setSubject('x').setIssuer(ISSUER).setExpirationTime('1h').sign(key);
    expect(await refusal(verifier, hs512)).toBe('only HS256 tokens are accepted (no JWKS configured)');
    expect(await refusal(verifier, mintToken(SECRET, 'someone-else', 'x', 'admin'))).toMatch(/ERR_JWT_CLAIM_VALIDATION_FAILED.*iss/);
    expect(await refusal(verifier, mintToken(SECRET, ISSUER, 'x', 'admin', -60))).toMatch(/ERR_JWT_EXPIRED/);
    expect(await refusal(verifier, 'not-a-token')).toBe('malformed token');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x","role":"admin"}').toString('base64url')}.`;
    expect(await refusal(verifier, none)).toBe('only HS256 tokens are accepted (no JWKS configured)');
  });

  it('checks aud only when an audience is configured', async () => {
    const strict = new TokenVerifier({ secret: SECRET, issuer: ISSUER, audience: 'ledger-api' });
    expect(await refusal(strict, mintToken(SECRET, ISSUER, 'x', 'admin'))).toMatch(/ERR_JWT_CLAIM_VALIDATION_FAILED.*aud/);
    expect(await refusal(strict, mintToken(SECRET, ISSUER, 'x', 'admin', 60, 'other-api'))).toMatch(/aud/);
    await expect(strict.verify(mintToken(SECRET, ISSUER, 'x', 'admin', 60, 'ledger-api'))).resolves.toEqual({ actor: 'x', role: 'admin' });
    await expect(verifier.verify(mintToken(SECRET, ISSUER, 'x', 'admin', 60, 'anything'))).resolves.toEqual({ actor: 'x', role: 'admin' });
  });
});

describe('the hospital role: a token names the one payee it acts for', () => {
  const verifier = new TokenVerifier({ secret: SECRET, issuer: ISSUER });
  const key = new TextEncoder().encode(SECRET);
  const forged = (claims: Record<string, unknown>) =>
    new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('h.user').setIssuer(ISSUER).setExpirationTime('1h').sign(key);

  it('carries the payeeId claim into the principal', async () => {
    const token = mintToken(SECRET, ISSUER, 'h.user', 'hospital', 60, undefined, 'H-001');
    await expect(verifier.verify(token)).resolves.toEqual({ actor: 'h.user', role: 'hospital', payeeId: 'H-001' });
  });

  it('refuses to mint a hospital token without a payee, or a payee on another role', () => {
    expect(() => mintToken(SECRET, ISSUER, 'h.user', 'hospital')).toThrow(/must name its payee/);
    expect(() => mintToken(SECRET, ISSUER, 'h.user', 'hospital', 60, undefined, 'H 001')).toThrow(/must name its payee/);
    expect(() => mintToken(SECRET, ISSUER, 'x', 'finance', 60, undefined, 'H-001')).toThrow(/only a hospital token/);
  });

  it('answers 401 for a hospital token without a well-formed payee, and a finance token naming one', async () => {
    expect(await refusal(verifier, await forged({ role: 'hospital' }))).toMatch(/a hospital token must name its payee/);
    expect(await refusal(verifier, await forged({ role: 'hospital', payeeId: 42 }))).toMatch(/a hospital token must name its payee/);
    expect(await refusal(verifier, await forged({ role: 'finance', payeeId: 'H-001' }))).toBe('only a hospital token names a payee (payeeId)');
  });
});

describe('TokenVerifier with a JWKS (createRemoteJWKSet)', () => {
  let server: Server;
  let url: string;
  let fetches = 0;
  const keys: Record<string, { privateKey: KeyLike; alg: string }> = {};

  beforeAll(async () => {
    const published: object[] = [];
    for (const [kid, alg] of [['rsa-1', 'RS256'], ['ec-1', 'ES256'], ['ed-1', 'EdDSA']] as const) {
      const pair = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
      keys[kid] = { privateKey: pair.privateKey, alg };
      published.push({ ...(await exportJWK(pair.publicKey)), kid, alg });
    }
    server = createServer((_request, response) => {
      fetches += 1;
      // Slow enough that concurrent verifies overlap one fetch.
      setTimeout(() => response.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: published })), 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const signed = (kid: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ role: 'auditor', ...claims })
      .setProtectedHeader({ alg: keys[kid]!.alg, kid })
      .setSubject(`sso:${kid}`)
      .setIssuer(ISSUER)
      .setExpirationTime('1h')
      .sign(keys[kid]!.privateKey);

  it('accepts RS256, ES256 and EdDSA tokens from the key set, fetched once for many concurrent requests', async () => {
    fetches = 0;
    const verifier = new TokenVerifier({ secret: SECRET, issuer: ISSUER, jwksUrl: url });
    const tokens = await Promise.all(['rsa-1', 'ec-1', 'ed-1'].flatMap((kid) => [signed(kid), signed(kid)]));
    const principals = await Promise.all(tokens.map((token) => verifier.verify(token)));
    expect(principals.map((p) => p.actor)).toEqual(['sso:rsa-1', 'sso:rsa-1', 'sso:ec-1', 'sso:ec-1', 'sso:ed-1', 'sso:ed-1']);
    expect(fetches).toBe(1);
    // An HS256 token still goes to the secret, not the key set.
    await expect(verifier.verify(mintToken(SECRET, ISSUER, 'local', 'admin'))).resolves.toEqual({ actor: 'local', role: 'admin' });
  });

  it('refuses an unknown kid without refetching inside the cooldown, and a key used with another algorithm', async () => {
    const verifier = new TokenVerifier({ secret: SECRET, issuer: ISSUER, jwksUrl: url, jwksCooldownMs: 60_000 });
    await verifier.verify(await signed('ec-1'));
    fetches = 0;
    const unknown = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: 'nobody' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setExpirationTime('1h')
      .sign(keys['ec-1']!.privateKey);
    expect(await refusal(verifier, unknown)).toMatch(/ERR_JWKS_NO_MATCHING_KEY/);
    expect(await refusal(verifier, unknown)).toMatch(/ERR_JWKS_NO_MATCHING_KEY/);
    expect(fetches).toBe(0);
    const wrongKey = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: 'rsa-1' })
      .setSubject('x')
      .setIssuer(ISSUER)
      .setExpirationTime('1h')
      .sign(keys['ec-1']!.privateKey);
    expect(await refusal(verifier, wrongKey)).toMatch(/^ERR_/);
  });

  it('answers 401 (TokenError), not a crash, when the key set cannot be fetched', async () => {
    const verifier = new TokenVerifier({ secret: SECRET, issuer: ISSUER, jwksUrl: 'http://127.0.0.1:1/jwks.json' });
    expect(await refusal(verifier, await signed('rsa-1'))).toMatch(/key set|ERR_/);
  });
});
