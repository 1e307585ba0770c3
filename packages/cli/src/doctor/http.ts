/**
 * The doctor's own HTTP reads. Unlike core's internal fetch helper, a diagnosis needs the details
 * core deliberately hides: the status, the error cause (ECONNREFUSED, ENOTFOUND, timeout), the
 * `Date` header (the identity provider's clock) and how long the answer took.
 */

/** What one request to the identity provider produced. */
export interface DiagnosticResponse {
  readonly url: string;
  /** undefined when no HTTP answer came back. */
  readonly status: number | undefined;
  /** The parsed body when it is a JSON object or array. */
  readonly json: unknown;
  /** Why no answer came back, or why the body could not be read. */
  readonly error: string | undefined;
  readonly elapsedMs: number;
  /** The identity provider's clock from the `Date` header (epoch ms), if sent. */
  readonly serverDate: number | undefined;
}

function causeOf(error: unknown, timedOut: boolean, timeout: number): string {
  if (timedOut) return `no answer within ${timeout} ms`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED): nothing listens on that host and port';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name not found (${code})`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection closed without an answer (${code})`;
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return `TLS certificate not trusted (${code}): set NODE_EXTRA_CA_CERTS to your CA bundle`;
    default:
      return code ? `network error (${code})` : 'network error';
  }
}

/** Sends one request; never throws. */
export async function request(
  url: string,
  init: RequestInit & { fetch: typeof fetch; timeout: number; now: () => number },
): Promise<DiagnosticResponse> {
  const { fetch: fetchImpl, timeout, now, ...requestInit } = init;
  const started = now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeout);
  const base = { url, json: undefined, serverDate: undefined };
  try {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        ...requestInit,
        headers: { accept: 'application/json', ...requestInit.headers },
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (error) {
      return {
        ...base,
        status: undefined,
        error: causeOf(error, controller.signal.aborted, timeout),
        elapsedMs: now() - started,
      };
    }
    const date = Date.parse(response.headers.get('date') ?? '');
    const serverDate = Number.isNaN(date) ? undefined : date;
    let text: string;
    try {
      text = await response.text();
    } catch {
      return {
        ...base,
        status: response.status,
        serverDate,
        error: 'the connection broke while reading the answer',
        elapsedMs: now() - started,
      };
    }
    let json: unknown;
    let error: string | undefined;
    try {
      json = text === '' ? undefined : JSON.parse(text);
      if (json === undefined) error = 'the answer is empty';
    } catch {
      error = 'the answer is not JSON';
    }
    return { url, status: response.status, json, error, serverDate, elapsedMs: now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
