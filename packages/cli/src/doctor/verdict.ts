import { createVerifier, isAuthError } from '@realmguard/core';
import type { DoctorOptions } from './types.js';

/** What `@realmguard/core` decides about the token: the doctor's exit code follows it. */
export type Verdict =
  | {
      readonly accepted: true;
      readonly subject: string | undefined;
      readonly username: string | undefined;
      readonly source: string;
    }
  | {
      readonly accepted: false;
      /** core's stable AuthErrorCode (or `error` for an unexpected failure). */
      readonly code: string;
      readonly status: number | undefined;
      readonly description: string;
      readonly hint: string | undefined;
    };

/**
 * Runs the real verifier, configured as an API would be: the issuer, the audience (or
 * `audience: false`), the clock tolerance and, with client credentials, introspection for opaque
 * and lightweight tokens (core's default uses).
 */
export async function verdictOf(
  options: DoctorOptions,
  token: string,
  seams: { fetch: typeof fetch; now: () => number; timeout: number },
): Promise<Verdict> {
  try {
    const verifier = createVerifier({
      issuer: options.issuer,
      audience: options.audience ?? false,
      clockTolerance: options.clockTolerance,
      fetch: seams.fetch,
      now: seams.now,
      timeout: seams.timeout,
      cache: false,
      ...(options.clientId !== undefined && options.clientSecret !== undefined
        ? { introspection: { clientId: options.clientId, clientSecret: options.clientSecret } }
        : {}),
    });
    const principal = await verifier.verify(token);
    // Lightweight tokens: the roles come from introspection; a failure here is a rejection too.
    return {
      accepted: true,
      subject: principal.subject,
      username: principal.username,
      source: principal.source,
    };
  } catch (error) {
    if (isAuthError(error)) {
      return {
        accepted: false,
        code: error.code,
        status: error.status,
        description: error.description,
        hint: error.hint,
      };
    }
    return {
      accepted: false,
      code: 'error',
      status: undefined,
      description: error instanceof Error ? error.message : String(error),
      hint: undefined,
    };
  }
}
