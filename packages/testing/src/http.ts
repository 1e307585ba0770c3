/**
 * Response helpers and the transport outcomes a fault can produce.
 *
 * @module
 */

/**
 * A JSON response with Keycloak's content type.
 *
 * @example
 * ```ts
 * return json({ error: 'invalid_client' }, 401);
 * ```
 */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return text(JSON.stringify(body), status, { 'content-type': 'application/json', ...headers });
}

/** A response with an exact body. */
export function text(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'cache-control': 'no-cache', ...headers } });
}

/** An OAuth error (`OAuth2ErrorRepresentation`). */
export function oauthError(status: number, error: string, description: string): Response {
  return json({ error, error_description: description }, status);
}

/** RESTEasy's 404 for a path no resource serves. */
export function notFound(url: URL): Response {
  return json({ error: `RESTEASY003210: Could not find resource for full path: ${url.href}` }, 404);
}

/** RESTEasy's 405. */
export function methodNotAllowed(method: string): Response {
  return json(
    {
      error: `RESTEASY003650: No resource method found for ${method}, return 405 with Allow header`,
    },
    405,
  );
}

/** The code undici puts on `cause` for a refused connection; `listen` destroys the socket. */
export const REFUSED_CODE = 'ECONNREFUSED';

/**
 * The error `fetch` rejects with when nothing listens: `TypeError('fetch failed')` whose `cause`
 * has `code: 'ECONNREFUSED'`, like Node's fetch.
 *
 * @example
 * ```ts
 * throw refused('keycloak.test:80');
 * ```
 */
export function refused(address: string): TypeError {
  const cause = Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: REFUSED_CODE });
  return new TypeError('fetch failed', { cause });
}

/**
 * True for the error of a refused connection, as `kc.fetch` rejects with it: a
 * `TypeError('fetch failed')` whose `cause.code` is `ECONNREFUSED`.
 *
 * @example
 * ```ts
 * realm.faults.set('certs', { type: 'refuse' });
 * const error = await kc.fetch(realm.jwksUri).catch((e: unknown) => e);
 * isRefused(error); // true
 * ```
 */
export function isRefused(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    typeof error.cause === 'object' &&
    error.cause !== null &&
    (error.cause as { code?: unknown }).code === REFUSED_CODE
  );
}

/**
 * Waits `ms` (with `setTimeout`, so fake timers drive it), rejecting with the signal's reason on abort.
 *
 * @example
 * ```ts
 * await delay(100, request.signal);
 * ```
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Never settles, except by rejecting with the signal's reason on abort. */
export function hang(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
