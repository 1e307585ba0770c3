import type { IdpAnswer } from './idp-channel.js';
import type { GrantedPermission } from './principal.js';
import { isOwnRecord } from './untrusted-json.js';

/**
 * What Keycloak's answer to a UMA grant request (`response_mode=decision|permissions`) means.
 * A definitive answer is a decision or a configuration problem, never an outage: Keycloak
 * answers an unknown resource or scope with 400 `invalid_resource` / `invalid_scope` (access
 * is then not granted), and a resource server without Authorization Services with 400
 * `invalid_request` "Client does not support permissions" (the server is misconfigured).
 */

/** How realmguard reads one UMA answer. */
export type UmaReading =
  | { readonly kind: 'granted' }
  | { readonly kind: 'denied' }
  | {
      readonly kind: 'permissions';
      readonly permissions: readonly GrantedPermission[];
      readonly bytes: number;
    }
  /** The permission names no resource or scope: not granted, and the operator is told. */
  | { readonly kind: 'unknown_permission'; readonly hint: string }
  /** Keycloak no longer accepts the user's token: a 401. */
  | { readonly kind: 'inactive' }
  /** Only the operator can fix it: a 500. */
  | { readonly kind: 'misconfigured'; readonly hint: string }
  /** An answer nobody can use (unreadable, or a success of the wrong shape): a 503. */
  | { readonly kind: 'unusable'; readonly hint: string };

function errorOf(json: unknown): { error?: string; description?: string } {
  if (!isOwnRecord(json)) return {};
  return {
    ...(typeof json.error === 'string' ? { error: json.error } : {}),
    ...(typeof json.error_description === 'string' ? { description: json.error_description } : {}),
  };
}

function consoleSteps(audience: string): string {
  return (
    `in the Keycloak admin console open Clients → ${audience} → Settings → Capability config, ` +
    'switch "Authorization" on and save, then define its resources, scopes and permissions'
  );
}

function misconfiguration(status: number, json: unknown, audience: string): UmaReading {
  const { error, description = '' } = errorOf(json);
  if (description.startsWith('Client does not support permissions')) {
    return {
      kind: 'misconfigured',
      hint:
        `the UMA resource server "${audience}" (uma.audience) does not have Authorization ` +
        `Services enabled: ${consoleSteps(audience)}`,
    };
  }
  if (description.startsWith('Unknown resource server id')) {
    return {
      kind: 'misconfigured',
      hint:
        `uma.audience "${audience}" names no client of the realm: set uma.audience to the ` +
        'client id of the resource server that holds the permissions',
    };
  }
  return {
    kind: 'misconfigured',
    hint:
      `unexpected UMA answer (HTTP ${status}${error ? `, ${error}` : ''}): check that ` +
      `uma.audience ("${audience}") names a client with Authorization Services enabled`,
  };
}

function grantedPermissions(list: unknown[]): GrantedPermission[] {
  return list.filter(isOwnRecord).map((entry) => ({
    ...(typeof entry.rsid === 'string' ? { rsid: entry.rsid } : {}),
    ...(typeof entry.rsname === 'string' ? { rsname: entry.rsname } : {}),
    scopes: Array.isArray(entry.scopes)
      ? entry.scopes.filter((s): s is string => typeof s === 'string')
      : [],
  }));
}

/**
 * Reads Keycloak's answer. `permission` is the one asked about in decision mode, undefined in
 * permissions mode.
 */
export function readUma(
  answer: IdpAnswer,
  audience: string,
  permission: string | undefined,
): UmaReading {
  if (!answer.readable) {
    return {
      kind: 'unusable',
      hint: `the UMA answer could not be read (${answer.reason}): raise uma.maxResponseBytes`,
    };
  }
  const { status, json, bytes } = answer;
  if (status === 200) {
    if (permission !== undefined && isOwnRecord(json) && typeof json.result === 'boolean') {
      return { kind: json.result ? 'granted' : 'denied' };
    }
    if (permission === undefined && Array.isArray(json)) {
      return { kind: 'permissions', permissions: grantedPermissions(json), bytes };
    }
    return { kind: 'unusable', hint: 'unexpected UMA answer (HTTP 200 of the wrong shape)' };
  }
  const { error } = errorOf(json);
  if (status === 403 && error === 'access_denied') {
    return permission === undefined
      ? { kind: 'permissions', permissions: [], bytes: 0 }
      : { kind: 'denied' };
  }
  // Only a question about a permission can name an unknown one (permissions mode names none).
  if (
    permission !== undefined &&
    status === 400 &&
    (error === 'invalid_resource' || error === 'invalid_scope')
  ) {
    const what = error === 'invalid_resource' ? 'resource' : 'scope';
    return {
      kind: 'unknown_permission',
      hint:
        `the UMA permission "${permission}" names a ${what} that the resource server ` +
        `"${audience}" does not define (Keycloak: ${error}): check the spelling in the ` +
        `policy, or add the ${what} under Clients → ${audience} → Authorization`,
    };
  }
  // Keycloak refuses an invalid, expired or logged-out bearer token with invalid_grant (401
  // before 26.6, 400 since).
  if (status === 401 || error === 'invalid_grant' || error === 'invalid_token') {
    return { kind: 'inactive' };
  }
  if (status === 408) return { kind: 'unusable', hint: 'the UMA request timed out (HTTP 408)' };
  if (status >= 400 && status < 500) return misconfiguration(status, json, audience);
  return { kind: 'unusable', hint: `unexpected UMA answer (HTTP ${status})` };
}
