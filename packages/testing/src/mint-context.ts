/**
 * What minting works with: the draft of a token before signing, and what the minter needs from
 * its realm.
 *
 * @module
 */
import { decodeJwt } from 'jose';
import type { JwsAlg, SignKey } from './jws.js';
import type { KeyStore } from './keys.js';
import type { ResolvedRealm } from './model.js';
import type { ProfileTraits } from './profile.js';
import type { SessionStore, TrackedToken } from './sessions.js';

/**
 * The `scope` claim of a minted JWT ('' when absent).
 *
 * @example
 * ```ts
 * tokenScope(await realm.accessToken({ scope: 'openid' })); // 'openid profile email'
 * ```
 */
export function tokenScope(token: string): string {
  const { scope } = decodeJwt(token);
  return typeof scope === 'string' ? scope : '';
}

/** A token before signing; adversarial tokens edit drafts. */
export interface TokenDraft {
  alg: JwsAlg;
  typ?: string;
  kid?: string;
  headerExtra?: Record<string, unknown>;
  claims: Record<string, unknown>;
  key: SignKey;
  /** The server-side record of this token (absent when the claims have no `jti`). */
  tracked?: TrackedToken;
}

/** What the minter needs from its realm. */
export interface MintContext {
  model: ResolvedRealm;
  keys: KeyStore;
  hmac: { kid: string; secret: Uint8Array<ArrayBuffer> };
  issuer(): string;
  traits(): ProfileTraits;
  /** Epoch ms. */
  now(): number;
  /** Sessions and minted tokens. */
  sessions: SessionStore;
}

/** Internal extras of {@link Minter.accessDraft}. */
export interface AccessDraftExtras {
  /** Edits both the token's and the full (introspection) claims before `claims` overrides. */
  edit?: (claims: Record<string, unknown>) => void;
}
