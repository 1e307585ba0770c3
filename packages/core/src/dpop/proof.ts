/**
 * DPoP proof verification (RFC 9449 §4.3): one proof, for one request and one access token.
 *
 * Keycloak's wire format, confirmed against Keycloak's source (github.com/keycloak/keycloak):
 * - services/src/main/java/org/keycloak/services/util/DPoPUtil.java: the transient DPoP protocol
 *   mapper sets `cnf.jkt` (the RFC 7638 thumbprint of the proof key) and the payload
 *   `typ: "DPoP"` (DPOP_TOKEN_TYPE) of a bound access token; a resource request must use the
 *   `DPoP` scheme for a `typ: "DPoP"` token and `Bearer` otherwise; `ath` is checked.
 * - services/src/main/java/org/keycloak/protocol/oidc/AccessTokenIntrospectionProvider.java:
 *   the introspection answer keeps `cnf` ("not a claim controlled by the protocol mapper") and
 *   adds `token_type` = the token's `typ` (`DPoP`).
 * - testsuite/.../oauth/DPoPTest.java: token response `token_type: "DPoP"`, introspection
 *   `cnf.jkt` and `token_type: "DPoP"`.
 * - services/.../util/MtlsHoKTokenUtil.java and core/.../representations/AccessToken.java:
 *   certificate-bound tokens carry `cnf: {"x5t#S256": base64url(SHA-256(DER))}`.
 *
 * The checks run cheapest first and name the one that failed (`DpopProblem.check`): header
 * (`typ`, `alg`, `jwk`), signature, claims (`jti`, `htm`, `htu`, `iat`), nonce, `ath`. The
 * replay of `jti` is the caller's last step (`replay.ts`), after the token binding held.
 */
import { jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { decodeJws, fromBase64url } from '../jws-decode.js';
import type { SignatureCheck } from '../node-crypto.js';
import { accessTokenHash } from './ath.js';
import { normaliseHtu } from './htu.js';
import type { NonceSource } from './nonce.js';
import type { ResolvedDpop } from './options.js';
import { ProofKeys, type ProofKey } from './proof-keys.js';
import { DpopProblem } from './problems.js';

/** The request a proof must be made for. */
export interface ProofTarget {
  readonly method: string;
  /** The request's public URL, normalised (`requestHtu`); undefined: it cannot be known. */
  readonly htu: string | undefined;
  /** The access token the proof comes with (for `ath`); undefined: `ath` is not checked. */
  readonly accessToken: string | undefined;
}

/** A proof that passed every check but the replay check. */
export interface VerifiedProof {
  /** The thumbprint of the proof key: must equal the token's `cnf.jkt`. */
  readonly jkt: string;
  readonly jti: string;
  readonly iat: number;
}

/** The longest proof accepted: a proof with an RSA 4096 key is about 1.9 KB. */
const MAX_PROOF_LENGTH = 8 * 1024;
const MAX_JTI_LENGTH = 512;
const asciiEncoder = new TextEncoder();

/** What the proof verifier needs of the verifier. */
export interface ProofContext {
  readonly dpop: ResolvedDpop;
  readonly clockTolerance: number;
  readonly now: () => number;
  readonly nonces: NonceSource | undefined;
}

/** Verifies DPoP proofs; one per verifier (it keeps the proof keys it has seen). */
export class ProofVerifier {
  readonly #keys = new ProofKeys();
  readonly #algorithms: ReadonlySet<string>;

  constructor(private readonly ctx: ProofContext) {
    this.#algorithms = new Set(ctx.dpop.algorithms);
  }

  /**
   * Checks `proof` for `target`.
   * @throws DpopProblem naming the first check that failed
   */
  async verify(proof: string, target: ProofTarget): Promise<VerifiedProof> {
    if (proof.length === 0 || proof.length > MAX_PROOF_LENGTH) throw new DpopProblem('syntax');
    let header: ProtectedHeaderParameters;
    let payload: JWTPayload;
    let signatureAt: number;
    try {
      ({ header, payload, signatureAt } = decodeJws(proof));
    } catch {
      throw new DpopProblem('syntax');
    }
    if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== 'dpop+jwt') {
      throw new DpopProblem('typ');
    }
    const alg = header.alg;
    if (typeof alg !== 'string' || !this.#algorithms.has(alg)) throw new DpopProblem('alg');
    if (header.crit !== undefined) throw new DpopProblem('syntax');
    const found = this.#keys.of(header.jwk, alg);
    const key = found instanceof Promise ? await found : found;
    if (key.check) this.#checkNodeSignature(proof, signatureAt, key.check);
    else await this.#checkWebSignature(proof, key, { ...header, alg });
    const claims = this.#claims(payload);
    if (claims.htm !== target.method) throw new DpopProblem('htm');
    if (target.htu === undefined || normaliseHtu(claims.htu) !== target.htu) {
      throw new DpopProblem('htu');
    }
    this.#checkIat(claims.iat);
    const { nonces } = this.ctx;
    if (nonces && !(await nonces.check(payload.nonce))) {
      throw new DpopProblem('nonce', await nonces.current());
    }
    const token = target.accessToken;
    if (
      token !== undefined &&
      (typeof payload.ath !== 'string' || payload.ath !== (await accessTokenHash(token)))
    ) {
      throw new DpopProblem('ath');
    }
    return { jkt: key.jkt, jti: claims.jti, iat: claims.iat };
  }

  /** Node: one synchronous check with the cached KeyObject. */
  #checkNodeSignature(proof: string, signatureAt: number, check: SignatureCheck): void {
    const signature = fromBase64url(proof.slice(signatureAt + 1));
    let valid = false;
    try {
      valid =
        signature !== undefined &&
        check(asciiEncoder.encode(proof.slice(0, signatureAt)), signature);
    } catch {
      valid = false;
    }
    if (!valid) throw new DpopProblem('signature');
  }

  /** Elsewhere (edge runtimes): jose's `jwtVerify` with the key `EmbeddedJWK` imported. */
  async #checkWebSignature(
    proof: string,
    key: ProofKey,
    header: ProtectedHeaderParameters & { alg: string },
  ): Promise<void> {
    const cryptoKey = await ProofKeys.cryptoKey(key, header);
    try {
      // Only the signature and the header `typ` here: the claims are checked below, the same
      // way on both paths (jose still refuses a non-numeric `iat`, as the checks below would).
      await jwtVerify(proof, cryptoKey, {
        algorithms: [header.alg],
        typ: 'dpop+jwt',
        currentDate: new Date(this.ctx.now()),
        clockTolerance: this.ctx.clockTolerance,
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new DpopProblem(
        code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ? 'signature' : 'claims',
      );
    }
  }

  /** `jti`, `htm`, `htu` strings and a numeric `iat` (RFC 9449 §4.2). */
  #claims(payload: JWTPayload): { jti: string; htm: string; htu: string; iat: number } {
    const { jti, iat } = payload;
    const { htm, htu } = payload as { htm?: unknown; htu?: unknown };
    if (
      typeof jti !== 'string' ||
      jti.length === 0 ||
      jti.length > MAX_JTI_LENGTH ||
      typeof htm !== 'string' ||
      typeof htu !== 'string' ||
      typeof iat !== 'number' ||
      !Number.isFinite(iat)
    ) {
      throw new DpopProblem('claims');
    }
    return { jti, htm, htu, iat };
  }

  /** `iat` within `proofMaxAge` seconds in the past, `clockTolerance` on either side. */
  #checkIat(iat: number): void {
    const now = this.ctx.now() / 1000;
    const tolerance = this.ctx.clockTolerance;
    if (iat > now + tolerance || iat < now - this.ctx.dpop.proofMaxAge - tolerance) {
      throw new DpopProblem('iat');
    }
  }
}
