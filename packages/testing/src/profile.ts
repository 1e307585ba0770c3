/**
 * Keycloak version profiles (§1.10 of the research notes) and what each one changes on the wire.
 *
 * @module
 */

/** `kc22`: 22–23, `kc24`: 24, `kc25`: 25–26.1, `kc26_2`: 26.2–26.6.1, `kc26_6_2`: 26.6.2+. */
export type Profile = 'kc22' | 'kc24' | 'kc25' | 'kc26_2' | 'kc26_6_2';

/**
 * Every profile, oldest first.
 *
 * @example
 * ```ts
 * for (const profile of PROFILES) {
 *   const realm = await createTestKeycloak({ profile }).createRealm();
 * }
 * ```
 */
export const PROFILES: readonly Profile[] = ['kc22', 'kc24', 'kc25', 'kc26_2', 'kc26_6_2'];

/** The version-dependent traits of a profile. */
export interface ProfileTraits {
  /** ≤24: `session_state` (= `sid`), `nonce` in access tokens, `sid` after `scope`. */
  legacyLayout: boolean;
  /** 26.2+: `jti` is `<session><type><grant>:<id>`. */
  jtiContext: boolean;
  /** Refresh/offline token alg: HS256 before 24, HS512 from 24. */
  refreshAlg: 'HS256' | 'HS512';
  /** 24+: the client "Always use lightweight access token" switch exists. */
  lightweight: boolean;
  /** 26.2+: the client `at+jwt` header switch exists. */
  rfc9068: boolean;
  /** 25+: `sub` and `auth_time` come from the `basic` scope; ROPC tokens carry `auth_time`. */
  basicScope: boolean;
  /** 26.6.0+: `invalid_grant` answered with 400 instead of 401 (password and UMA grants). */
  invalidGrantStatus: 400 | 401;
  /** Introspection answers carry `token_type` (a guess: 25+, research Appendix A #6). */
  introspectionTokenType: boolean;
  /** 26.6.2+: the introspecting client must be in `aud`; userinfo refuses lightweight tokens. */
  audienceCheckedIntrospection: boolean;
  /** 26.2+: userinfo's session error description is the event code `user_session_not_found`. */
  sessionErrorCode: boolean;
}

/**
 * The traits of a profile.
 *
 * @example
 * ```ts
 * traits('kc22').refreshAlg; // 'HS256'
 * ```
 */
export function traits(profile: Profile): ProfileTraits {
  const index = PROFILES.indexOf(profile);
  if (index < 0) throw new TypeError(`unknown profile ${String(profile)}`);
  return {
    legacyLayout: index <= 1,
    jtiContext: index >= 3,
    refreshAlg: index === 0 ? 'HS256' : 'HS512',
    lightweight: index >= 1,
    rfc9068: index >= 3,
    basicScope: index >= 2,
    invalidGrantStatus: index >= 4 ? 400 : 401,
    introspectionTokenType: index >= 2,
    audienceCheckedIntrospection: index >= 4,
    sessionErrorCode: index >= 3,
  };
}
