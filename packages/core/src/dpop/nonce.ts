/**
 * Resource-server nonces (RFC 9449 §9): a nonce names a period of `lifetime` seconds and carries
 * an HMAC-SHA-256 of it, so that any instance holding the same secret accepts it without shared
 * state. The nonce of the current period and of the one before are accepted; a proof without
 * one gets 401 `use_dpop_nonce` and a fresh nonce in `DPoP-Nonce`. Web Crypto only.
 */
import { base64url } from 'jose';

const encoder = new TextEncoder();
/** 8 bytes of period number, then the 32-byte tag: 54 base64url characters. */
const NONCE_BYTES = 40;

/** Issues and checks nonces. */
export class NonceSource {
  readonly #key: Promise<CryptoKey>;
  #current: { period: number; nonce: Promise<string> } | undefined;

  constructor(
    secret: Uint8Array | undefined,
    private readonly lifetime: number,
    private readonly now: () => number,
  ) {
    const raw = secret ?? crypto.getRandomValues(new Uint8Array(32));
    this.#key = crypto.subtle.importKey(
      'raw',
      Uint8Array.from(raw),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  #period(): number {
    return Math.floor(this.now() / 1000 / this.lifetime);
  }

  static #message(period: number): Uint8Array<ArrayBuffer> {
    return encoder.encode(`realmguard dpop nonce ${period}`);
  }

  /**
   * The nonce of the current period (the same string for the whole period).
   *
   * @example
   * ```ts
   * response.headers.set('dpop-nonce', await nonces.current());
   * ```
   */
  current(): Promise<string> {
    const period = this.#period();
    if (this.#current?.period !== period) {
      const nonce = this.#key.then(async (key) => {
        const tag = new Uint8Array(
          await crypto.subtle.sign('HMAC', key, NonceSource.#message(period)),
        );
        const bytes = new Uint8Array(NONCE_BYTES);
        new DataView(bytes.buffer).setBigUint64(0, BigInt(period));
        bytes.set(tag, 8);
        return base64url.encode(bytes);
      });
      this.#current = { period, nonce };
    }
    return this.#current.nonce;
  }

  /**
   * Whether `nonce` is one this source issued for the current or the previous period.
   *
   * @example
   * ```ts
   * if (!(await nonces.check(payload.nonce))) throw new DpopProblem('nonce', await nonces.current());
   * ```
   */
  async check(nonce: unknown): Promise<boolean> {
    if (typeof nonce !== 'string' || nonce.length !== 54) return false;
    let bytes: Uint8Array;
    try {
      bytes = base64url.decode(nonce);
    } catch {
      return false;
    }
    if (bytes.length !== NONCE_BYTES) return false;
    const period = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0));
    const current = this.#period();
    if (period !== current && period !== current - 1) return false;
    // Web Crypto's verify compares the tags in constant time.
    return crypto.subtle.verify(
      'HMAC',
      await this.#key,
      Uint8Array.from(bytes.subarray(8)),
      NonceSource.#message(period),
    );
  }
}
