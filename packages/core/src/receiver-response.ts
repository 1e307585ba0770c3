import { ConfigurationError } from './errors.js';
import { ReceiverError } from './receiver-jws.js';

/**
 * What the revocation receivers answer, framework-free: an adapter sends `status`, `headers`
 * and `body` (JSON when defined) as they are.
 */
export interface ReceiverResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON error body (`error`, `error_description`), or undefined for an empty body. */
  readonly body: { readonly error: string; readonly error_description: string } | undefined;
}

/** Largest request body a receiver reads. A logout token is about 1 KB. */
export const MAX_RECEIVER_BODY = 64 * 1024;

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** The success answer: `status` with an empty body, `Cache-Control: no-store`. */
export function receiverOk(status: 200 | 204): ReceiverResponse {
  return { status, headers: NO_STORE, body: undefined };
}

/** The answer for a receiver failure (or any other error, which becomes a generic 400). */
export function receiverFailure(error: unknown): ReceiverResponse {
  if (error instanceof ReceiverError && error.status === 503) {
    return {
      status: 503,
      headers: { ...NO_STORE, 'retry-after': '5' },
      body: { error: 'temporarily_unavailable', error_description: error.description },
    };
  }
  const description =
    error instanceof ReceiverError ? error.description : 'The request could not be processed';
  return {
    status: 400,
    headers: NO_STORE,
    body: { error: 'invalid_request', error_description: description },
  };
}

/** The `Response` of a {@link ReceiverResponse}. */
export function toWebResponse(answer: ReceiverResponse): Response {
  if (answer.body === undefined) {
    return new Response(null, { status: answer.status, headers: answer.headers });
  }
  return Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

/** The client id(s) a receiver answers for, validated at construction. */
export function clientIdsOf(
  options: { clientId: string | readonly string[] } | undefined,
): string[] {
  const value = options?.clientId;
  const list =
    typeof value === 'string' ? [value] : Array.isArray(value) ? [...(value as string[])] : [];
  if (list.length === 0 || list.some((id) => typeof id !== 'string' || id === '')) {
    throw new ConfigurationError(
      'realmguard: clientId is required: the Keycloak client whose back-channel logout or admin URL points here',
    );
  }
  return list;
}
