/**
 * The challenges of sender-constrained requests (RFC 9449 §7.1): `WWW-Authenticate: DPoP
 * algs="…"` carrying the error of a DPoP request, with the `Bearer` challenge beside it while
 * Bearer tokens are still accepted, and `DPoP-Nonce` with a `use_dpop_nonce` error. Every proof
 * or binding failure is a 401, as in RFC 9449's own examples.
 *
 * A request that used the Bearer scheme keeps its exact RFC 6750 answer in `allowed` mode; only
 * a DPoP-bound token sent as Bearer adds the DPoP challenge (the client must switch schemes).
 */
import type { Principal } from '../principal.js';
import type { DpopMode, ResolvedDpop } from './options.js';

/** How an AuthError renders its challenges when the DPoP scheme is involved. */
export interface SenderChallenge {
  /** The scheme whose challenge carries `error` (and `error_description`, `scope`). */
  readonly primary: 'Bearer' | 'DPoP';
  /** Whether the other scheme's challenge goes beside it (both schemes accepted). */
  readonly both: boolean;
  /** The `algs` of the DPoP challenge (space separated). */
  readonly algs: string;
  /** The `DPoP-Nonce` response header. */
  readonly nonce?: string;
}

/** What a challenge needs to know of the verifier. */
export interface ChallengeConfig {
  readonly mode: DpopMode;
  readonly algs: string;
}

/**
 * The challenge config of a verifier's DPoP options.
 *
 * @example
 * ```ts
 * const config = challengeConfig(options.dpop);
 * ```
 */
export function challengeConfig(dpop: ResolvedDpop): ChallengeConfig {
  return { mode: dpop.mode, algs: dpop.algorithms.join(' ') };
}

/**
 * The challenge of a request that used `scheme`, or undefined when the plain RFC 6750 answer
 * stands (DPoP disabled, or a Bearer request while Bearer is accepted).
 *
 * @example
 * ```ts
 * error.challenge = challengeFor(config, 'DPoP');
 * ```
 */
export function challengeFor(
  config: ChallengeConfig,
  scheme: 'Bearer' | 'DPoP' | undefined,
  nonce?: string,
): SenderChallenge | undefined {
  if (config.mode === 'disabled') return undefined;
  const extra = nonce === undefined ? {} : { nonce };
  if (config.mode === 'required') {
    return { primary: 'DPoP', both: false, algs: config.algs, ...extra };
  }
  if (scheme !== 'DPoP') return undefined;
  return { primary: 'DPoP', both: true, algs: config.algs, ...extra };
}

/**
 * A DPoP-bound token sent with the Bearer scheme: the Bearer challenge carries the error, the
 * DPoP challenge beside it tells the client which scheme to use.
 *
 * @example
 * ```ts
 * error.challenge = bearerWithDpop(config);
 * ```
 */
export function bearerWithDpop(config: ChallengeConfig): SenderChallenge | undefined {
  if (config.mode === 'disabled') return undefined;
  if (config.mode === 'required') return challengeFor(config, 'Bearer');
  return { primary: 'Bearer', both: true, algs: config.algs };
}

/**
 * The challenge of a 403 for a principal (policy checks run after authentication): DPoP for a
 * principal authenticated with DPoP, or for every principal in `required` mode.
 *
 * @example
 * ```ts
 * error.challenge = policyChallenge(verifier.options.dpop, principal);
 * ```
 */
export function policyChallenge(
  dpop: ResolvedDpop | undefined,
  principal: Principal | undefined,
): SenderChallenge | undefined {
  // A verifier not made by createVerifier may have no DPoP options: plain RFC 6750 then.
  return dpop ? challengeFor(challengeConfig(dpop), principal?.scheme) : undefined;
}

/**
 * The `WWW-Authenticate` value: `params` (realm, error, description, scope) go on the primary
 * scheme's challenge, the realm alone on the other one.
 *
 * @example
 * ```ts
 * renderChallenges(challenge, ['realm="acme"', 'error="invalid_dpop_proof"'], 'realm="acme"');
 * // 'DPoP realm="acme", error="invalid_dpop_proof", algs="ES256", Bearer realm="acme"'
 * ```
 */
export function renderChallenges(
  challenge: SenderChallenge,
  params: readonly string[],
  realmParam: string,
): string {
  const algs = `algs="${challenge.algs}"`;
  if (challenge.primary === 'DPoP') {
    const dpop = `DPoP ${[...params, algs].join(', ')}`;
    return challenge.both ? `${dpop}, Bearer ${realmParam}` : dpop;
  }
  return `Bearer ${params.join(', ')}, DPoP ${realmParam}, ${algs}`;
}
