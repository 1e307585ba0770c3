import type { JWTPayload } from 'jose';
import { acceptsDpopKind } from './dpop/confirmation.js';
import type { InvalidTokenCode } from './error-codes.js';
import type { IdpAnswer } from './idp-channel.js';
import { isOwnRecord } from './untrusted-json.js';

/**
 * What an RFC 7662 introspection answer means, read fail-closed: only a well-formed
 * `active: true` answer with sane members is an active token.
 */

/** Members of an introspection answer that are not claims of the token. */
const MEMBERS_NOT_CLAIMS = ['active', 'token_type'];

/** The largest time a JS Date can hold, in ms either side of the epoch (ECMA-262 §21.4.1.1). */
const MAX_DATE_MS = 8.64e15;

/** How realmguard reads one introspection answer. */
export type Reading =
  | { readonly kind: 'active'; readonly claims: JWTPayload; readonly bytes: number }
  | { readonly kind: 'inactive' }
  /** The answer says active, but a member is of the wrong type or out of range: a 401. */
  | { readonly kind: 'invalid'; readonly code: InvalidTokenCode; readonly claim?: string }
  /** The endpoint refuses the introspecting client: only the operator can fix it. */
  | { readonly kind: 'refused'; readonly hint: string }
  /** Anything else: an answer nobody can use (a 503 and a hint for the operator). */
  | { readonly kind: 'unusable'; readonly hint: string };

/** Whether the endpoint refuses the client itself (HTTP 401/403: wrong id, secret or method). */
export const refusesClient = (status: number): boolean => status === 401 || status === 403;

/** The problem with a time claim (`exp`, `nbf`, `iat`), if any. */
export function timeClaimProblem(claims: Record<string, unknown>): string | undefined {
  for (const name of ['exp', 'nbf', 'iat']) {
    const value = claims[name];
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      Math.abs(value * 1000) > MAX_DATE_MS
    ) {
      return name;
    }
  }
  return undefined;
}

/** Reads an introspection answer (see {@link Reading}). */
export function readIntrospection(answer: IdpAnswer, clientId: string): Reading {
  if (!answer.readable) {
    return {
      kind: 'unusable',
      hint:
        `the introspection answer could not be read (${answer.reason}): raise ` +
        'introspection.maxResponseBytes if the identity provider answers with that many claims',
    };
  }
  const { status, json, bytes } = answer;
  if (refusesClient(status)) {
    return {
      kind: 'refused',
      hint:
        `the identity provider refused the introspection client "${clientId}" (HTTP ${status}): ` +
        'check introspection.clientId, clientSecret and authMethod, and that the client is ' +
        'confidential',
    };
  }
  if (status !== 200 || !isOwnRecord(json) || typeof json.active !== 'boolean') {
    return { kind: 'unusable', hint: `unexpected introspection answer (HTTP ${status})` };
  }
  if (json.active !== true) return { kind: 'inactive' };
  const tokenType = json.token_type;
  // `token_type: DPoP` (Keycloak's DPoP-bound token) only with the `cnf.jkt` the proof is checked
  // against; a token_type that is not even a string is not an answer to trust.
  if (
    tokenType !== undefined &&
    (typeof tokenType !== 'string' ||
      (tokenType.toLowerCase() !== 'bearer' && !acceptsDpopKind(tokenType, json, 'allowed')))
  ) {
    return { kind: 'inactive' };
  }
  if (json.typ !== undefined && typeof json.typ !== 'string') {
    return { kind: 'invalid', code: 'wrong_token_type' };
  }
  const badTime = timeClaimProblem(json);
  if (badTime !== undefined) {
    return { kind: 'invalid', code: 'invalid_claim', claim: badTime };
  }
  for (const name of MEMBERS_NOT_CLAIMS) delete json[name];
  return { kind: 'active', claims: json, bytes };
}
