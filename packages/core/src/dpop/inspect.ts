/**
 * One look at a DPoP proof, for tools that explain decisions (`realmguard doctor --dpop`): the
 * same checks a verifier makes, in the same order, naming the first that fails and what the
 * client must change. No replay state and no server nonce: those belong to a running API.
 */
import { ConfigurationError } from '../errors.js';
import { requestHtu } from './htu.js';
import { resolveDpop, type DpopOptions } from './options.js';
import { DPOP_FIXES, DpopProblem, type DpopCheck } from './problems.js';
import { ProofVerifier } from './proof.js';

/** What {@link inspectDpopProof} checks a proof against. */
export interface DpopInspection {
  /** The request method (`htm`). */
  method: string;
  /** The request URL as the API sees it (`htu`; `dpop.publicUrl` / `trustProxy` apply). */
  url: string;
  /** The access token sent with the proof: `ath` is checked only when given. */
  accessToken?: string;
  /** Request headers (for `trustProxy`). */
  headers?: Record<string, string>;
  /** The API's DPoP options (algorithms, proofMaxAge, publicUrl …); `nonce` is not checked. */
  dpop?: Omit<DpopOptions, 'nonce'>;
  /** Seconds of clock skew allowed for `iat`. Default 10. */
  clockTolerance?: number;
  /** The clock, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** The outcome: the key thumbprint, or the first failed check and its fix. */
export type DpopInspectionResult =
  | { readonly ok: true; readonly jkt: string; readonly jti: string; readonly iat: number }
  | {
      readonly ok: false;
      readonly check: DpopCheck;
      readonly description: string;
      readonly fix: string;
    };

/**
 * Checks a DPoP proof for a request, as a verifier would (without replay and nonce state).
 *
 * @example
 * ```ts
 * const result = await inspectDpopProof(proof, { method: 'GET', url: 'https://api.test/orders' });
 * if (!result.ok) console.log(`${result.check}: ${result.description}. ${result.fix}`);
 * ```
 */
export async function inspectDpopProof(
  proof: string,
  inspection: DpopInspection,
): Promise<DpopInspectionResult> {
  const dpop = resolveDpop({ ...inspection.dpop, nonce: false });
  const clockTolerance = inspection.clockTolerance ?? 10;
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0) {
    throw new ConfigurationError('realmguard: clockTolerance must be a finite number >= 0');
  }
  const verifier = new ProofVerifier({
    dpop,
    clockTolerance,
    now: inspection.now ?? Date.now,
    nonces: undefined,
  });
  const target = { method: inspection.method, url: inspection.url };
  try {
    const verified = await verifier.verify(proof, {
      method: inspection.method,
      htu: requestHtu(target, inspection.headers ?? {}, dpop),
      accessToken: inspection.accessToken,
    });
    return { ok: true, ...verified };
  } catch (error) {
    if (!(error instanceof DpopProblem)) throw error;
    return {
      ok: false,
      check: error.check,
      description: error.message,
      fix: DPOP_FIXES[error.check],
    };
  }
}
