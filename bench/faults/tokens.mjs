// Tokens for the fault campaign: valid users' JWTs and opaque tokens minted by the test realm,
// and the attacker's (junk, unknown kids, forged signatures, opaque junk).
import { randomBytes } from 'node:crypto';

const users = ['alice', 'bob'];
const client = 'orders-web-mapped';

/** `count` valid access tokens of the realm's active key, valid for an hour. */
export async function validJwts(realm, count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(await realm.accessToken({ user: users[i % 2], client, lifetime: 3600 }));
  }
  return out;
}

/** `count` valid opaque tokens (introspection needed), never used before. */
export async function freshOpaque(realm, count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(await realm.opaqueToken({ user: users[i % 2], client, lifetime: 3600 }));
  }
  return out;
}

/** Flips one byte of the signature: the token is otherwise valid. */
function forge(token) {
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  signature[signature.length >> 1] ^= 0x01;
  return `${token.slice(0, dot + 1)}${signature.toString('base64url')}`;
}

/** The attacker's pools. */
export async function attackerTokens(realm, valid) {
  const junk = [];
  for (let i = 0; i < 200; i++) {
    const text = randomBytes(30 + (i % 120)).toString('base64url');
    junk.push(i % 2 ? text : `${text.slice(0, 20)}.${text.slice(20, 40)}.${text.slice(40)}`);
  }
  const unknownKid = [];
  for (let i = 0; i < 300; i++) {
    unknownKid.push(await realm.adversarial.unknownKid({ user: users[i % 2], client }));
  }
  const opaqueJunk = [];
  for (let i = 0; i < 500; i++) opaqueJunk.push(randomBytes(32).toString('base64url'));
  return { junk, unknownKid, forged: valid.slice(0, 100).map(forge), opaqueJunk };
}
