/**
 * Adversarial and edge tokens (§1.10 C). Each one is a normal access token with exactly one
 * defect; the signature is valid (by the realm's active key) unless the defect is about the key.
 *
 * @module
 */
import { calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, importJWK } from 'jose';
import { b64url, randomBytes, utf8 } from './encoding.js';
import { keycloakHeader, serializeClaims, signCompact } from './jws.js';
import type { KeyStore } from './keys.js';
import type { AccessTokenOptions, Minter, TokenDraft } from './tokens.js';

/** Ways an issuer can be subtly wrong. */
export type WrongIssuerVariant = 'http-vs-https' | 'trailing-slash' | 'auth-prefix' | 'other-host';

/** Payload `typ` values that are not `Bearer`. */
export type NonBearerTyp = 'ID' | 'Refresh' | 'Offline' | 'Logout' | 'DPoP';

/**
 * The `realm.adversarial` API.
 *
 * @example
 * ```ts
 * const token = await realm.adversarial.expired(61);
 * await expect(verify(token)).rejects.toThrow();
 * ```
 */
export class Adversarial {
  constructor(
    private readonly minter: Minter,
    private readonly keys: KeyStore,
  ) {}

  private draft(opts?: AccessTokenOptions): TokenDraft {
    return this.minter.accessDraft(opts);
  }

  /** `alg: none` with an empty signature (`typ` and `kid` kept). */
  async algNone(opts?: AccessTokenOptions): Promise<string> {
    return this.minter.finish({ ...this.draft(opts), alg: 'none', key: null });
  }

  /**
   * Algorithm confusion: `alg: HS256`, `kid` of the RSA key, HMAC keyed with the public key's
   * SPKI PEM (default; 64-column lines, no trailing newline) or its published JWK JSON text.
   */
  async hs256WithPublicKey(
    keyBytes: 'pem' | 'jwk' = 'pem',
    opts?: AccessTokenOptions,
  ): Promise<string> {
    const draft = this.draft(opts);
    const stored = this.keys.get(draft.kid ?? '');
    let secret: Uint8Array<ArrayBuffer>;
    if (keyBytes === 'jwk') {
      secret = utf8(JSON.stringify(stored.publicJwk));
    } else {
      const { kty, n, e, crv, x, y } = stored.publicJwk;
      const alg = stored.alg === 'RSA-OAEP' ? 'RS256' : stored.alg;
      const pub = await importJWK({ kty, n, e, crv, x, y }, alg, { extractable: true });
      if (pub instanceof Uint8Array) throw new TypeError('unexpected secret key');
      secret = utf8(await exportSPKI(pub));
    }
    return this.minter.finish({ ...draft, alg: 'HS256', key: secret });
  }

  /** Valid signature, but a `kid` the JWKS does not have. */
  async unknownKid(opts?: AccessTokenOptions): Promise<string> {
    return this.minter.finish({ ...this.draft(opts), kid: b64url(randomBytes(32)) });
  }

  /** Valid signature, no `kid` header. */
  async noKid(opts?: AccessTokenOptions): Promise<string> {
    return this.minter.finish({ ...this.draft(opts), kid: undefined });
  }

  /**
   * `kid` of the realm's `use: enc` key, and signed (RS256) by that enc key: a verifier that does
   * not skip `enc` keys accepts it.
   */
  async encKeyKid(opts?: AccessTokenOptions): Promise<string> {
    const enc = this.keys.encKey();
    if (!enc) throw new Error('the realm has no enc key');
    return this.minter.finish({
      ...this.draft(opts),
      alg: 'RS256',
      kid: enc.kid,
      key: enc.signingKey,
    });
  }

  /** Expired `seconds` ago (lifetime unchanged). */
  async expired(seconds: number, opts?: AccessTokenOptions): Promise<string> {
    const draft = this.draft(opts);
    const { exp, iat } = draft.claims as { exp: number; iat: number };
    // exp lands `seconds` before now (= iat of a fresh draft); iat keeps the lifetime.
    const shift = exp - iat + seconds;
    draft.claims.exp = exp - shift;
    draft.claims.iat = iat - shift;
    if (typeof draft.claims.auth_time === 'number') draft.claims.auth_time -= shift;
    return this.minter.finish(draft);
  }

  /** `nbf` `seconds` in the future (placed after `iat`). */
  async notYetValid(seconds: number, opts?: AccessTokenOptions): Promise<string> {
    const draft = this.draft(opts);
    const { exp, iat, ...rest } = draft.claims as { exp: number; iat: number };
    draft.claims = { exp, iat, nbf: iat + seconds, ...rest };
    return this.minter.finish(draft);
  }

  /** `iat` `seconds` in the future (`exp` moves with it). */
  async issuedInFuture(seconds: number, opts?: AccessTokenOptions): Promise<string> {
    const draft = this.draft(opts);
    (draft.claims as { iat: number }).iat += seconds;
    (draft.claims as { exp: number }).exp += seconds;
    return this.minter.finish(draft);
  }

  /** An `iss` that is almost right. */
  async wrongIssuer(variant: WrongIssuerVariant, opts?: AccessTokenOptions): Promise<string> {
    const draft = this.draft(opts);
    const issuer = String(draft.claims.iss);
    const url = new URL(issuer);
    let wrong: string;
    if (variant === 'http-vs-https') {
      url.protocol = url.protocol === 'https:' ? 'http:' : 'https:';
      wrong = url.href;
    } else if (variant === 'trailing-slash') {
      wrong = `${issuer}/`;
    } else if (variant === 'auth-prefix') {
      url.pathname = url.pathname.startsWith('/auth/')
        ? url.pathname.slice(5)
        : `/auth${url.pathname}`;
      wrong = url.href;
    } else {
      url.host = url.hostname === 'keycloak' ? 'keycloak.internal:8080' : 'keycloak:8080';
      wrong = url.href;
    }
    draft.claims.iss = wrong;
    return this.minter.finish(draft);
  }

  /** `aud` replaced (a string, an array) or removed (`undefined`). */
  async withAudience(
    aud: string | string[] | undefined,
    opts?: AccessTokenOptions,
  ): Promise<string> {
    const draft = this.draft({ ...opts, claims: { ...opts?.claims } });
    const entries = Object.entries(draft.claims);
    const hasAud = 'aud' in draft.claims;
    const out: Record<string, unknown> = {};
    for (const [name, value] of entries) {
      if (name === 'aud') {
        if (aud !== undefined) out.aud = aud;
        continue;
      }
      if (!hasAud && name === 'sub' && aud !== undefined) out.aud = aud;
      out[name] = value;
    }
    if (!('aud' in out) && aud !== undefined) out.aud = aud;
    draft.claims = out;
    return this.minter.finish(draft);
  }

  /** Payload `typ` other than `Bearer`. */
  async payloadTyp(typ: NonBearerTyp, opts?: AccessTokenOptions): Promise<string> {
    const draft = this.draft(opts);
    draft.claims.typ = typ;
    return this.minter.finish(draft);
  }

  /** A DPoP-bound token: payload `typ: DPoP` and `cnf.jkt` of a fresh proof key. */
  async dpopBound(opts?: AccessTokenOptions): Promise<string> {
    const draft = this.draft(opts);
    const { publicKey } = await generateKeyPair('ES256');
    draft.claims.typ = 'DPoP';
    draft.claims.cnf = { jkt: await calculateJwkThumbprint(await exportJWK(publicKey), 'sha256') };
    return this.minter.finish(draft);
  }

  /** A `crit` header naming an extension nobody understands. */
  async crit(opts?: AccessTokenOptions): Promise<string> {
    const ext = 'urn:realmguard:test:unsupported';
    return this.minter.finish({ ...this.draft(opts), headerExtra: { crit: [ext], [ext]: true } });
  }

  /** Padded with an `x-padding` claim until the compact token is at least `bytes` long. */
  async oversized(bytes: number, opts?: AccessTokenOptions): Promise<string> {
    const draft = this.draft(opts);
    draft.claims['x-padding'] = '';
    const base = (await this.minter.finish(draft)).length;
    const missing = Math.max(0, bytes - base);
    draft.claims['x-padding'] = 'x'.repeat(Math.ceil((missing * 3) / 4));
    return this.minter.finish(draft);
  }

  /**
   * Raw payload JSON with `name` twice: `first` at the claim's usual place (or the end), then
   * `second` at the end. `JSON.parse` keeps `second`.
   */
  async duplicateClaim(
    name: string,
    first: unknown,
    second: unknown,
    opts?: AccessTokenOptions,
  ): Promise<string> {
    const draft = this.draft(opts);
    draft.claims[name] = first;
    const json = serializeClaims(draft.claims);
    const payload = `${json.slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(second)}}`;
    const header = keycloakHeader(draft.alg, draft.typ, draft.kid, draft.headerExtra);
    return signCompact(header, payload, draft.alg, draft.key);
  }

  /** Header `typ: at+jwt` (RFC 9068), whatever the profile. */
  async atJwt(opts?: AccessTokenOptions): Promise<string> {
    return this.minter.finish({ ...this.draft(opts), typ: 'at+jwt' });
  }
}
