/**
 * Secrets (client secrets, HMAC keys) held out of every view of an object: they live in a
 * private field, which `JSON.stringify`, `util.inspect` (even with `showHidden`), `String()`
 * and `structuredClone` never see.
 */

const REDACTED = '[redacted]';
// Node's util.inspect.custom and Deno's custom inspector, without importing node:util.
const NODE_INSPECT = Symbol.for('nodejs.util.inspect.custom');
const DENO_INSPECT = Symbol.for('Deno.customInspect');

/**
 * A secret value that never shows: JSON gives `"[redacted]"`, `String()` and template literals
 * give `[redacted]`, `util.inspect` gives `Secret [redacted]`, and a structured clone is an
 * empty object. Only {@link Secret.reveal} gives the value, for the one request that sends it.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ issuer, audience, introspection: { clientId, clientSecret } });
 * JSON.stringify(verifier.options.introspection?.client.clientSecret); // '"[redacted]"'
 * verifier.options.introspection?.client.clientSecret.reveal(); // the secret itself
 * ```
 */
export class Secret<T extends string | Uint8Array = string> {
  readonly #value: T;

  constructor(value: T) {
    // Bytes are copied: the caller's array may be reused or zeroed later.
    this.#value = (value instanceof Uint8Array ? new Uint8Array(value) : value) as T;
    Object.freeze(this);
  }

  /** The secret itself. Never log it. */
  reveal(): T {
    return this.#value;
  }

  /** `"[redacted]"` in JSON. */
  toJSON(): string {
    return REDACTED;
  }

  /** `[redacted]` in strings. */
  toString(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [NODE_INSPECT](): string {
    return `Secret ${REDACTED}`;
  }

  [DENO_INSPECT](): string {
    return `Secret ${REDACTED}`;
  }
}

/** The value of a secret given either as itself or wrapped. */
export function revealSecret<T extends string | Uint8Array>(secret: T | Secret<T>): T {
  return secret instanceof Secret ? secret.reveal() : secret;
}
