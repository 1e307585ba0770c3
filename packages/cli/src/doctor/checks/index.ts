import type { Check } from '../types.js';
import { algorithm } from './algorithm.js';
import { audience } from './audience.js';
import { discoveryIssuer } from './discovery-issuer.js';
import { introspection } from './introspection.js';
import { issuerClaim } from './issuer-claim.js';
import { issuerReachable } from './issuer-reachable.js';
import { jwks } from './jwks.js';
import { kid } from './kid.js';
import { roles } from './roles.js';
import { signature } from './signature.js';
import { time } from './time.js';
import { tokenStructure } from './token-structure.js';
import { tokenType } from './token-type.js';
import { verdict } from './verdict.js';

/** Every check, in the order the checklist shows them. */
export const CHECKS: readonly Check[] = [
  issuerReachable,
  discoveryIssuer,
  jwks,
  tokenStructure,
  algorithm,
  kid,
  signature,
  time,
  issuerClaim,
  audience,
  tokenType,
  roles,
  introspection,
  verdict,
];
