/**
 * Per-endpoint fault injection and request counters.
 *
 * @module
 */

/** Endpoint names faults and counters refer to (both well-known documents count as `discovery`). */
export type EndpointName = 'discovery' | 'certs' | 'token' | 'introspect' | 'userinfo' | 'revoke';

/**
 * Every endpoint name.
 *
 * @example
 * ```ts
 * for (const endpoint of ENDPOINT_NAMES) realm.faults.set(endpoint, { type: 'refuse' });
 * ```
 */
export const ENDPOINT_NAMES: readonly EndpointName[] = [
  'discovery',
  'certs',
  'token',
  'introspect',
  'userinfo',
  'revoke',
];

/**
 * A fault. `once: true` applies it to the next request only.
 *
 * @example
 * ```ts
 * realm.faults.set('certs', { type: 'status', status: 503, once: true });
 * ```
 */
export type Fault = (
  | { type: 'refuse' }
  | { type: 'status'; status: number; body?: string }
  | { type: 'hang' }
  | { type: 'garbage' }
  | { type: 'slow'; ms: number }
  | { type: 'empty-keys' }
  | { type: 'oversized'; bytes: number }
) & { once?: boolean };

/** The `realm.faults` API. */
export interface RealmFaults {
  /**
   * Installs a fault on one endpoint (replacing any previous one).
   *
   * @example
   * ```ts
   * realm.faults.set('certs', { type: 'hang' });
   * ```
   */
  set(endpoint: EndpointName, fault: Fault): void;
  /**
   * Removes the fault of one endpoint, or of all.
   *
   * @example
   * ```ts
   * realm.faults.clear();
   * ```
   */
  clear(endpoint?: EndpointName): void;
}

/** Internal fault registry behind `realm.faults`. */
export class FaultRegistry implements RealmFaults {
  readonly #faults = new Map<EndpointName, Fault>();

  set(endpoint: EndpointName, fault: Fault): void {
    if (!ENDPOINT_NAMES.includes(endpoint))
      throw new TypeError(`unknown endpoint ${String(endpoint)}`);
    if (fault.type === 'empty-keys' && endpoint !== 'certs')
      throw new TypeError('empty-keys applies to certs only');
    this.#faults.set(endpoint, { ...fault });
  }

  clear(endpoint?: EndpointName): void {
    if (endpoint === undefined) this.#faults.clear();
    else this.#faults.delete(endpoint);
  }

  /** The fault for this request, consuming a `once` fault. */
  take(endpoint: EndpointName): Fault | undefined {
    const fault = this.#faults.get(endpoint);
    if (fault?.once) this.#faults.delete(endpoint);
    return fault;
  }
}

/** The `realm.counters` API. */
export interface RealmCounters {
  /**
   * Requests received by one endpoint, faulted ones included.
   *
   * @example
   * ```ts
   * expect(realm.counters.get('certs')).toBe(1);
   * ```
   */
  get(endpoint: EndpointName): number;
  /**
   * Sets every counter back to 0.
   *
   * @example
   * ```ts
   * realm.counters.reset();
   * ```
   */
  reset(): void;
}

/** Internal request counters behind `realm.counters`. */
export class Counters implements RealmCounters {
  readonly #counts = new Map<EndpointName, number>();

  get(endpoint: EndpointName): number {
    return this.#counts.get(endpoint) ?? 0;
  }

  reset(): void {
    this.#counts.clear();
  }

  /** Counts one request. */
  hit(endpoint: EndpointName): void {
    this.#counts.set(endpoint, this.get(endpoint) + 1);
  }
}
