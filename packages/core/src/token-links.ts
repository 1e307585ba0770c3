import type { GrantedPermission, Principal, PrincipalLinks } from './principal.js';
import type { TokenServices } from './token-principal.js';
import { fetchUserinfo } from './userinfo.js';

/**
 * What a principal asks the verifier for later: its userinfo (fetched once), UMA decisions and
 * permissions, and for a Keycloak lightweight token its completion by introspection. One object
 * per principal with its methods on the prototype, so that verifying a token builds no closures;
 * it holds the token, never the decoded claims, and lives beside the principal (never in a
 * property of it). Errors pass through the verifier's `fail` (realm, events).
 */
export class TokenLinks implements PrincipalLinks {
  /** The userinfo answer, shared with the links this one was derived from. */
  private userinfoAnswer: Promise<Record<string, unknown>> | undefined;
  readonly complete: (() => Promise<Principal>) | undefined;

  constructor(
    /** The raw token (`Principal.token`); these links live in the principal's private field. */
    readonly token: string,
    private readonly issuer: string,
    /** Clock ms of the token's `exp` (UMA decisions are cached no longer). */
    private readonly expiresAt: number,
    private readonly services: TokenServices,
    complete?: () => Promise<Principal>,
    private readonly owner?: TokenLinks,
  ) {
    this.complete = complete && (() => complete().catch(services.fail));
  }

  /** The same links plus `complete`: a lightweight principal shares its completion's userinfo. */
  completedBy(complete: () => Promise<Principal>): TokenLinks {
    return new TokenLinks(this.token, this.issuer, this.expiresAt, this.services, complete, this);
  }

  userinfo(): Promise<Record<string, unknown>> {
    const holder = this.owner ?? this;
    // A failure is not remembered: the next call asks again.
    holder.userinfoAnswer ??= fetchUserinfo(
      this.token,
      this.issuer,
      this.services.discovery,
      this.services.http,
    ).catch((error: unknown) => {
      holder.userinfoAnswer = undefined;
      throw error;
    });
    return holder.userinfoAnswer.catch(this.services.fail);
  }

  hasPermission(permission: string): Promise<boolean> {
    return this.services.uma
      .decide(this.token, this.issuer, this.expiresAt, permission)
      .catch(this.services.fail);
  }

  permissions(): Promise<readonly GrantedPermission[]> {
    return this.services.uma.permissions(this.token, this.issuer).catch(this.services.fail);
  }
}
