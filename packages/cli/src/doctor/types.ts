import type { JWK } from 'jose';
import type { DecodedJws, TokenShape } from '../token.js';
import type { DiagnosticResponse } from './http.js';
import type { IntrospectionAnswer } from './introspect.js';
import type { Verdict } from './verdict.js';

/** The outcome of one check: ✔ pass, ✖ fail, ! warn, - skip. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** Stable ids of the doctor's checks, in the order they run. */
export type CheckId =
  | 'issuer-reachable'
  | 'discovery-issuer'
  | 'jwks'
  | 'token-structure'
  | 'algorithm'
  | 'kid'
  | 'signature'
  | 'time'
  | 'issuer-claim'
  | 'audience'
  | 'token-type'
  | 'roles'
  | 'introspection'
  | 'verdict';

/** One line of the checklist. `fix` says what to change when the check fails or warns. */
export interface CheckResult {
  readonly id: CheckId;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string;
}

/** What a check returns; run-doctor adds its id and title. */
export type CheckOutcome = Omit<CheckResult, 'id' | 'title'>;

/** What `realmguard doctor` was asked to check. */
export interface DoctorOptions {
  /** The issuer the API is configured with (exact `iss`). */
  readonly issuer: string;
  /** The API's client id; undefined: the audience check is skipped (`audience: false`). */
  readonly audience?: string | undefined;
  /** The token to diagnose (already without `Bearer `). */
  readonly token?: string | undefined;
  /** A confidential client allowed to introspect. */
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** Seconds of clock skew allowed for exp/nbf/iat (core's default: 10). */
  readonly clockTolerance: number;
  /** Timeout of each request to the identity provider, in ms. Default 5000. */
  readonly timeout?: number;
}

/** Everything checks share: the options, the seams, and what earlier checks found. */
export interface DoctorContext {
  readonly options: DoctorOptions;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly timeout: number;
  /** The discovery answer (set by `issuer-reachable`). */
  discovery?: DiagnosticResponse;
  /** Issuer metadata (set by `issuer-reachable` when discovery answered JSON). */
  metadata?: Readonly<Record<string, unknown>>;
  /** Every key of the JWKS (set by `jwks`). */
  allKeys?: readonly JWK[];
  /** Signing keys of the JWKS (set by `jwks`). */
  signingKeys?: readonly JWK[];
  /** The token's shape (set by `token-structure`). */
  shape?: TokenShape;
  /** The decoded JWS, when the token is one. */
  jws?: DecodedJws;
  /** The key the token names (set by `kid`). */
  key?: JWK;
  /** Whether `signature` verified the token. */
  signatureVerified?: boolean;
  /** The verifier's decision (core's `createVerifier(...).verify`), computed once. */
  readonly verdict: () => Promise<Verdict>;
  /** The identity provider's introspection answer, asked at most once (needs client credentials). */
  readonly introspect: () => Promise<IntrospectionAnswer>;
}

/** One step of the checklist. */
export interface Check {
  readonly id: CheckId;
  readonly title: string;
  /** Checks that must have passed (or warned) first; otherwise this one is skipped. */
  readonly needs: readonly CheckId[];
  /** Only run when a token was given. */
  readonly needsToken: boolean;
  run(ctx: DoctorContext): Promise<CheckOutcome>;
}
