import { createPublicKey } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One real Keycloak-issued token with the key that verifies it (see real-keycloak-vectors/README.md). */
export interface KeycloakVector {
  file: string;
  id: string;
  /** The exact header bytes Keycloak wrote, spacing included. */
  header_json: string;
  kind: 'access' | 'refresh';
  alg: string;
  kid?: string;
  iat: number;
  exp: number;
  iss: string;
  azp: string;
  token: string;
  /** The verifying keys as a JWKS (derived from `public_key_pem` when the vector has no JWKS). */
  jwks?: { keys: Record<string, unknown>[] };
  hmac?: { kid: string; alg: string; secret_b64url: string };
  jose_accepts_key?: boolean;
  modulusBits?: number;
}

const folder = join(dirname(fileURLToPath(import.meta.url)), 'real-keycloak-vectors');

/** Every vector, in file order. */
export function loadKeycloakVectors(): KeycloakVector[] {
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown> &
        KeycloakVector & {
          public_key_pem?: string;
        };
      let jwks = raw.jwks;
      if (!jwks && raw.public_key_pem) {
        const jwk = createPublicKey(raw.public_key_pem).export({ format: 'jwk' }) as Record<
          string,
          unknown
        >;
        jwks = {
          keys: [{ ...jwk, ...(raw.kid ? { kid: raw.kid } : {}), alg: 'RS256', use: 'sig' }],
        };
      }
      let modulusBits: number | undefined;
      const first = jwks?.keys.find(
        (key) => key.use !== 'enc' && (!raw.kid || key.kid === raw.kid),
      );
      if (first && first.kty === 'RSA') {
        modulusBits = createPublicKey({ key: first as never, format: 'jwk' }).asymmetricKeyDetails
          ?.modulusLength;
      }
      return { ...raw, file, jwks, modulusBits };
    });
}
