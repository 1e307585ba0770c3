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

export interface FetchJsonOptions {
  fetch: typeof fetch;
  timeout: number;
  maxBytes: number;
}

/**
 * GETs `url` and parses a JSON object. Messages name the failure, never the URL (they may reach
 * logs next to user-facing errors).
 */
export async function fetchJson(
  url: string,
  options: FetchJsonOptions,
): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeout);
  try {
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: controller.signal,
      });
    } catch {
      throw new IdpFetchError(
        'unavailable',
        controller.signal.aborted ? `timed out after ${options.timeout} ms` : 'network error',
      );
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new IdpFetchError(
        response.status >= 500 || response.status === 429 ? 'unavailable' : 'invalid_response',
        `HTTP ${response.status}`,
      );
    }
    const text = await readCapped(response, options.maxBytes, controller);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new IdpFetchError('invalid_response', 'response is not JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new IdpFetchError('invalid_response', 'response is not a JSON object');
    }
    return json as Record<string, unknown>;
  } finally {
    clearTimeout(timer);
  }
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
