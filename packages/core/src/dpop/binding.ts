/**
 * Sender-constrained requests, between the credentials of a request and its principal:
 * - `Authorization: DPoP <token>` with one `DPoP` proof: the proof is checked for this request
 *   and token, the token must be DPoP-bound (`cnf.jkt`) to the proof's key, and the proof's
 *   `jti` is claimed last (RFC 9449 §4.3, §7.1);
 * - `Authorization: Bearer <token>`: a DPoP-bound token is refused (401 `invalid_token`), a
 *   certificate-bound one (`cnf["x5t#S256"]`) must come with that client certificate (RFC 8705
 *   §3), and `dpop.mode: 'required'` refuses every Bearer request.
 * Unbound Bearer tokens take the path they always took: same checks, same answers.
 */
import { extractBearerToken, type RequestCredentials } from '../bearer.js';
import { invalidToken, isAuthError, serverMisconfigured, type AuthError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { ResolvedOptions } from '../options.js';
import type { Principal } from '../principal.js';
import type { StoreAccess } from '../store-access.js';
import { certificateFromHeader, certificateThumbprint } from '../mtls/certificate.js';
import {
  bearerWithDpop,
  challengeConfig,
  challengeFor,
  type ChallengeConfig,
} from './challenge.js';
import { dpopCredential, usesDpopScheme } from './credential.js';
import { singleProof } from './headers.js';
import { requestHtu } from './htu.js';
import { NonceSource } from './nonce.js';
import { ProofVerifier } from './proof.js';
import { boundAsBearer, dpopError, dpopRequired, DpopProblem } from './problems.js';
import { ReplayGuard } from './replay.js';
import { targetOf } from './request.js';

/** What the binding needs of its verifier. */
export interface BindingContext {
  readonly options: ResolvedOptions;
  /** The verifier's store access (its deadlines and events). */
  readonly store: StoreAccess;
  readonly events: EventSink;
  /** Reports an error like the verifier's own (events); returns it in the verifier's realm. */
  readonly report: (error: unknown) => unknown;
}

/** Verifies a token whose binding the caller checks (DPoP-bound tokens included). */
export type BoundVerify = (token: string) => Promise<Principal>;

function certificateMismatch(): AuthError {
  return invalidToken('certificate_mismatch');
}

function unsupportedConfirmation(): AuthError {
  return invalidToken('unsupported_confirmation');
}

/** The sender-constraint checks of one verifier. */
export class SenderBinding {
  readonly #config: ChallengeConfig;
  readonly #proofs: ProofVerifier;
  readonly #replay: ReplayGuard;

  constructor(private readonly ctx: BindingContext) {
    const { options } = ctx;
    const { dpop, shared } = options;
    this.#config = challengeConfig(dpop);
    const nonces = dpop.nonce
      ? new NonceSource(dpop.nonce.secret, dpop.nonce.lifetime, options.now)
      : undefined;
    this.#proofs = new ProofVerifier({
      dpop,
      clockTolerance: options.clockTolerance,
      now: options.now,
      nonces,
    });
    this.#replay = new ReplayGuard({
      store: shared.store === undefined ? undefined : ctx.store,
      failClosed: shared.failClosed,
      window: dpop.proofMaxAge + options.clockTolerance,
      now: options.now,
    });
  }

  /**
   * Authenticates a request: the DPoP or Bearer credential, the token, its binding.
   * @throws AuthError (a rejected promise), with the DPoP challenges it calls for
   */
  authenticate(request: RequestCredentials, verify: BoundVerify): Promise<Principal> {
    const { options } = this.ctx;
    const scheme = options.dpop.mode !== 'disabled' && usesDpopScheme(request) ? 'DPoP' : 'Bearer';
    let token: string;
    try {
      const dpopToken = scheme === 'DPoP' ? dpopCredential(request, options) : undefined;
      if (dpopToken !== undefined) return this.#dpop(request, dpopToken, verify);
      token = extractBearerToken(request, options);
      if (options.dpop.mode === 'required') throw dpopRequired();
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an AuthError, or what the verifier rethrows as is
      return Promise.reject(this.#own(error, scheme));
    }
    return verify(token).then((principal) =>
      principal.confirmation === undefined ? principal : this.#bearerBound(principal, request),
    );
  }

  /**
   * Why `verify(token)` (no request, so no proof and no certificate) refuses a principal, if
   * it is bound at all.
   *
   * @example
   * ```ts
   * const refusal = binding.unverifiable(principal);
   * if (refusal) throw refusal;
   * ```
   */
  unverifiable(principal: Principal): AuthError | undefined {
    const confirmation = principal.confirmation;
    if (confirmation === undefined) return undefined;
    if (confirmation.jkt !== undefined) {
      const error = boundAsBearer();
      error.challenge = bearerWithDpop(this.#config);
      return error;
    }
    return confirmation['x5t#S256'] === undefined
      ? unsupportedConfirmation()
      : certificateMismatch();
  }

  /** An error of this module: the challenge of `scheme`, reported like the verifier's own. */
  #own(error: unknown, scheme: 'Bearer' | 'DPoP'): unknown {
    const authError = error instanceof DpopProblem ? dpopError(error) : error;
    if (isAuthError(authError)) {
      authError.challenge ??= challengeFor(
        this.#config,
        scheme,
        error instanceof DpopProblem ? error.nonce : undefined,
      );
    }
    return this.ctx.report(authError);
  }

  async #dpop(request: RequestCredentials, token: string, verify: BoundVerify): Promise<Principal> {
    let proof: { jkt: string; jti: string; iat: number };
    try {
      const text = singleProof(request.headers);
      if (text === undefined) throw new DpopProblem('missing');
      const target = targetOf(request);
      if (target === undefined) throw this.#noTarget();
      proof = await this.#proofs.verify(text, {
        method: target.method,
        htu: requestHtu(target, request.headers, this.ctx.options.dpop),
        accessToken: token,
      });
    } catch (error) {
      throw this.#own(error, 'DPoP');
    }
    let principal: Principal;
    try {
      principal = await verify(token);
    } catch (error) {
      // Already reported by the verifier: only the challenge is added.
      if (isAuthError(error)) error.challenge ??= challengeFor(this.#config, 'DPoP');
      throw error;
    }
    try {
      const jkt = principal.confirmation?.jkt;
      if (jkt === undefined) throw new DpopProblem('not-bound');
      if (jkt !== proof.jkt) throw new DpopProblem('binding');
      if (principal.confirmation?.['x5t#S256'] !== undefined) {
        await this.#certificate(principal, request);
      }
      await this.#replay.claim(proof.jkt, proof.jti, proof.iat);
    } catch (error) {
      throw this.#own(error, 'DPoP');
    }
    return principal;
  }

  /** A Bearer request whose token is bound: only a certificate binding can hold. */
  async #bearerBound(principal: Principal, request: RequestCredentials): Promise<Principal> {
    try {
      const refusal =
        principal.confirmation?.['x5t#S256'] === undefined ||
        principal.confirmation.jkt !== undefined
          ? this.unverifiable(principal)
          : undefined;
      if (refusal) throw refusal;
      await this.#certificate(principal, request);
      return principal;
    } catch (error) {
      throw this.#own(error, 'Bearer');
    }
  }

  /** The request presents the certificate the token is bound to (RFC 8705 §3). */
  async #certificate(principal: Principal, request: RequestCredentials): Promise<void> {
    const expected = principal.confirmation?.['x5t#S256'];
    const header = this.ctx.options.mtls.certificateHeader;
    const der = header
      ? certificateFromHeader(request.headers, header)
      : request.clientCertificate?.();
    if (!der || (await certificateThumbprint(der)) !== expected) throw certificateMismatch();
  }

  /** DPoP without the request's method and URL: an adapter that does not provide them. */
  #noTarget(): AuthError {
    const hint =
      'DPoP proofs need the request method and URL: the adapter must implement ' +
      'Framework.target (or pass method and url to verifier.authenticate)';
    if (this.ctx.events.enabled) {
      this.ctx.events.emit({ type: 'configuration_problem', code: 'server_misconfigured', hint });
    }
    return serverMisconfigured();
  }
}
