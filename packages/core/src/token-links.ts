import type { GrantedPermission, Principal, PrincipalLinks } from './principal.js';
import type { TokenServices } from './resolve-token.js';

/**
 * What a principal asks the verifier for later: its userinfo (fetched once and cached with the
 * token), UMA decisions and permissions, and for a Keycloak lightweight token its completion by
 * introspection. One object
 * per principal with its methods on the prototype, so that verifying a token builds no closures;
 * it holds the token, never the decoded claims, and lives beside the principal (never in a
 * property of it). Errors pass through the verifier's `fail` (realm, events).
 */
export class TokenLinks implements PrincipalLinks {
  readonly complete: (() => Promise<Principal>) | undefined;

  constructor(
    /** The raw token (`Principal.token`); these links live in the principal's private field. */
    readonly token: string,
    private readonly issuer: string,
    /** Clock ms of the token's `exp` (UMA decisions are cached no longer). */
    private readonly expiresAt: number,
    private readonly services: TokenServices,
    complete?: () => Promise<Principal>,
  ) {
    this.complete = complete && (() => complete().catch(services.fail));
  }

  /** The same links plus `complete` (for a lightweight principal). */
  completedBy(complete: () => Promise<Principal>): TokenLinks {
    return new TokenLinks(this.token, this.issuer, this.expiresAt, this.services, complete);
  }

  userinfo(): Promise<Record<string, unknown>> {
    return this.services.userinfo
      .get(this.token, this.issuer, this.expiresAt)
      .catch(this.services.fail);
  }

  hasPermission(permission: string): Promise<boolean> {
    return this.services.uma
      .decide(this.token, this.issuer, this.expiresAt, permission)
      .catch(this.services.fail);
  }

  permissions(): Promise<readonly GrantedPermission[]> {
    return this.services.uma
      .permissions(this.token, this.issuer, this.expiresAt)
      .catch(this.services.fail);
  }
}
