/**
 * The public keys DPoP proofs carry in their header (`jwk`), checked and imported once per key:
 * a client signs every proof with the same key, so its thumbprint (jose's
 * `calculateJwkThumbprint`) and its imported forms are kept in an LRU keyed by the key's JSON
 * and the algorithm. On Node the signature is checked with a `node:crypto` KeyObject (reached
 * through `process.getBuiltinModule`, as for access tokens); elsewhere with jose's
 * `EmbeddedJWK` and Web Crypto.
 */
import { calculateJwkThumbprint, EmbeddedJWK, type JWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { nodeSignatureCheck, type SignatureCheck } from '../node-crypto.js';
import { DpopProblem } from './problems.js';

/** A proof key, checked: its thumbprint, and how to verify signatures made with it. */
export interface ProofKey {
  /** RFC 7638 SHA-256 thumbprint: what `cnf.jkt` must equal. */
  readonly jkt: string;
  /** Synchronous `node:crypto` check, where available. */
  readonly check: SignatureCheck | undefined;
  /** The Web Crypto key (jose's `EmbeddedJWK`), imported on first use of the Web path. */
  cryptoKey: CryptoKey | undefined;
}

/** JWK members only private (or symmetric) keys have. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** The key type each algorithm family needs. */
const KEY_TYPES: Record<string, string> = { ES: 'EC', PS: 'RSA', RS: 'RSA', Ed: 'OKP' };
/** The longest `jwk` JSON accepted (an RSA 8192 public key is about 1.5 KB). */
const MAX_JWK_JSON = 4096;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The checks jose's `EmbeddedJWK` makes, in the same words for both paths: a JSON object of the
 * algorithm's key type, `use` "sig" and `alg` equal to the header's when present, and no private
 * members (named apart: a client that leaks its private key must hear so).
 */
function checkJwk(jwk: unknown, alg: string): JWK {
  if (!isRecord(jwk)) throw new DpopProblem('jwk');
  if (PRIVATE_MEMBERS.some((member) => Object.hasOwn(jwk, member))) {
    throw new DpopProblem('private-key');
  }
  if (jwk.kty !== KEY_TYPES[alg.slice(0, 2)]) throw new DpopProblem('jwk');
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new DpopProblem('jwk');
  if (jwk.alg !== undefined && jwk.alg !== alg) throw new DpopProblem('jwk');
  return jwk;
}

/** Checked proof keys, most recently used kept. */
export class ProofKeys {
  readonly #keys = new LRUCache<string, ProofKey>({ max: 1_000 });

  /**
   * The checked key of a proof header (`alg` already allowed).
   * @throws DpopProblem `jwk` or `private-key`
   */
  of(jwk: unknown, alg: string): ProofKey | Promise<ProofKey> {
    const text = isRecord(jwk) ? JSON.stringify(jwk) : undefined;
    if (text === undefined || text.length > MAX_JWK_JSON) throw new DpopProblem('jwk');
    const id = `${alg}\n${text}`;
    // A key seen before costs no promise: the common case, a client reusing its key.
    return this.#keys.get(id) ?? this.#check(id, jwk, alg);
  }

  async #check(id: string, jwk: unknown, alg: string): Promise<ProofKey> {
    const checked = checkJwk(jwk, alg);
    let jkt: string;
    let check: SignatureCheck | undefined;
    try {
      jkt = await calculateJwkThumbprint(checked, 'sha256');
      check = nodeSignatureCheck(checked, alg)?.verify;
    } catch {
      throw new DpopProblem('jwk');
    }
    const key: ProofKey = { jkt, check, cryptoKey: undefined };
    this.#keys.set(id, key);
    return key;
  }

  /**
   * The Web Crypto key of a proof, imported by jose's `EmbeddedJWK` once per key.
   * @throws DpopProblem `jwk` when jose refuses it
   */
  static async cryptoKey(
    key: ProofKey,
    header: { alg: string; jwk?: unknown },
  ): Promise<CryptoKey> {
    if (key.cryptoKey) return key.cryptoKey;
    try {
      key.cryptoKey = await EmbeddedJWK(header as Parameters<typeof EmbeddedJWK>[0]);
    } catch {
      throw new DpopProblem('jwk');
    }
    return key.cryptoKey;
  }
}
