/**
 * The one way realmguard reads JSON from the identity provider: bounded in time and size, with
 * failures tagged so that caches can tell an outage from a bad answer.
 */

/** Why a fetch from the identity provider failed. */
export class IdpFetchError extends Error {
  override readonly name = 'IdpFetchError';
  constructor(
    /** `unavailable`: network error, timeout or 5xx. `invalid_response`: anything else wrong. */
    readonly kind: 'unavailable' | 'invalid_response',
    message: string,
  ) {
    super(message);
  }
}

/** The request limits of a verifier's options, in the shape every IdP call takes. */
export function httpOptionsOf(options: {
  fetch: typeof fetch;
  timeout: number;
  maxResponseBytes: number;
}): FetchJsonOptions {
  return { fetch: options.fetch, timeout: options.timeout, maxBytes: options.maxResponseBytes };
}

export interface FetchJsonOptions {
  fetch: typeof fetch;
  timeout: number;
  maxBytes: number;
}

/** A request to the identity provider, answered with a status and a parsed JSON body. */
export interface JsonRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Form parameters (sent as application/x-www-form-urlencoded). */
  form?: URLSearchParams;
}

/** The status and body of an answered request (`json` is undefined for a non-JSON body). */
export interface JsonResponse {
  status: number;
  json: unknown;
}

/**
 * Sends a request and reads a JSON body, bounded in time and size. Network errors, timeouts,
 * 5xx and 429 throw `unavailable`; any other status is returned for the caller to interpret.
 * Messages name the failure, never the URL (they may reach logs next to user-facing errors).
 */
export async function requestJson(
  url: string,
  request: JsonRequest,
  options: FetchJsonOptions,
): Promise<JsonResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeout);
  try {
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...request.headers,
        },
        ...(request.form ? { body: request.form.toString() } : {}),
        redirect: 'error',
        signal: controller.signal,
      });
    } catch {
      throw new IdpFetchError(
        'unavailable',
        controller.signal.aborted ? `timed out after ${options.timeout} ms` : 'network error',
      );
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel().catch(() => undefined);
      throw new IdpFetchError('unavailable', `HTTP ${response.status}`);
    }
    const text = await readCapped(response, options.maxBytes, controller);
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  } finally {
    clearTimeout(timer);
  }
}

/** GETs `url` and returns its JSON object body; anything but a 2xx JSON object throws. */
export async function fetchJson(
  url: string,
  options: FetchJsonOptions,
): Promise<Record<string, unknown>> {
  const { status, json } = await requestJson(url, { method: 'GET' }, options);
  if (status < 200 || status > 299) throw new IdpFetchError('invalid_response', `HTTP ${status}`);
  if (json === undefined) throw new IdpFetchError('invalid_response', 'response is not JSON');
  if (!isJsonObject(json)) {
    throw new IdpFetchError('invalid_response', 'response is not a JSON object');
  }
  return json;
}

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readCapped(
  response: Response,
  maxBytes: number,
  controller: AbortController,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new IdpFetchError('invalid_response', `response larger than ${maxBytes} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new IdpFetchError('invalid_response', `response larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof IdpFetchError) throw error;
    throw new IdpFetchError(
      'unavailable',
      controller.signal.aborted ? 'timed out while reading the response' : 'connection lost',
    );
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
