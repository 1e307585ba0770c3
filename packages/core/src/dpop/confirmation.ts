/**
 * The `cnf` (confirmation) claim of a sender-constrained token (RFC 7800): `jkt`, the RFC 7638
 * thumbprint of a DPoP key (RFC 9449 §6), or `x5t#S256`, the SHA-256 thumbprint of a client
 * certificate (RFC 8705 §3.1). Keycloak writes `cnf: {"jkt": …}` into DPoP-bound access tokens
 * (DPoPUtil's protocol mapper, payload `typ: "DPoP"`) and `cnf: {"x5t#S256": …}` into
 * certificate-bound ones (MtlsHoKTokenUtil, payload `typ: "Bearer"`); its introspection
 * endpoint returns `cnf` unchanged (AccessTokenIntrospectionProvider).
 */
import type { JWTPayload } from 'jose';

/** What a token is bound to. An empty object: a `cnf` with no method realmguard can check. */
export interface Confirmation {
  /** The DPoP key's RFC 7638 SHA-256 thumbprint. */
  readonly jkt?: string;
  /** The client certificate's SHA-256 thumbprint (base64url). */
  readonly 'x5t#S256'?: string;
}

const EMPTY: Confirmation = Object.freeze({});

/**
 * The confirmation of a claims set: undefined for a token bound to nothing (no `cnf`), the
 * string members realmguard checks otherwise, frozen (`{}` when there is none: such a token is
 * refused, as one bound to something realmguard cannot check).
 *
 * @example
 * ```ts
 * confirmationOf({ cnf: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' } }); // { jkt: '0Zc…' }
 * ```
 */
export function confirmationOf(claims: JWTPayload): Confirmation | undefined {
  if (!Object.hasOwn(claims, 'cnf')) return undefined;
  const cnf = claims.cnf;
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) return EMPTY;
  const record = cnf as Record<string, unknown>;
  const jkt = Object.hasOwn(record, 'jkt') ? record.jkt : undefined;
  const x5t = Object.hasOwn(record, 'x5t#S256') ? record['x5t#S256'] : undefined;
  const out: { jkt?: string; 'x5t#S256'?: string } = {};
  if (typeof jkt === 'string' && jkt.length > 0) out.jkt = jkt;
  if (typeof x5t === 'string' && x5t.length > 0) out['x5t#S256'] = x5t;
  // A member of the wrong type is not "no binding": the token stays bound to nothing checkable.
  if ((jkt !== undefined && out.jkt === undefined) || (x5t !== undefined && !out['x5t#S256'])) {
    return EMPTY;
  }
  return Object.keys(out).length === 0 ? EMPTY : Object.freeze(out);
}

/**
 * Keycloak's payload `typ` of a DPoP-bound access token is `DPoP`: accepted where `Bearer` is,
 * only when the token carries a `cnf.jkt` and DPoP is not disabled (the binding is then checked
 * for every request; `verify()` refuses it).
 *
 * @example
 * ```ts
 * acceptsDpopKind('DPoP', payload, options.dpop.mode); // true when payload.cnf.jkt is a string
 * ```
 */
export function acceptsDpopKind(
  kind: unknown,
  claims: JWTPayload,
  mode: 'allowed' | 'required' | 'disabled',
): boolean {
  return (
    mode !== 'disabled' &&
    typeof kind === 'string' &&
    kind.toLowerCase() === 'dpop' &&
    confirmationOf(claims)?.jkt !== undefined
  );
}
