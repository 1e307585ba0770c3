/**
 * Hostile identity-provider answers for the property suites: a real answer of the realm edited
 * as JSON text (types, prototype keys, repeated members, padding past the size cap), or junk,
 * with any status, served by the realm over real HTTP through its `status` fault.
 *
 * @example
 * ```ts
 * const answer = fc.sample(idpAnswer(baseText, names, value), 1)[0];
 * serve(pr, 'introspect', answer);
 * ```
 */
import fc from 'fast-check';
import type { EndpointName } from '@realmguard/testing';
import {
  editMembers,
  fromValue,
  jsonValue,
  lit,
  memberEdits,
  obj,
  toJsonText,
  type Json,
  type Member,
} from './json-text.js';
import type { PropertyRealm } from './realm.js';

/** An answer: HTTP status and exact body text. */
export interface Answer {
  status: number;
  body: string;
}

/** Serves `answer` on `endpoint` until the next call (the realm's `status` fault). */
export function serve(pr: PropertyRealm, endpoint: EndpointName, answer: Answer): void {
  pr.realm.faults.set(endpoint, { type: 'status', status: answer.status, body: answer.body });
}

/** The members of a JSON object text. */
export function membersOf(text: string): Member[] {
  const json = fromValue(JSON.parse(text));
  return 'obj' in json ? [...json.obj] : [];
}

/** Statuses an identity provider may answer with (mostly 200). */
export function idpStatus(ok = 200): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(ok) },
    fc.constantFrom(200, 201, 400, 401, 403, 404, 429, 500, 502, 503),
  );
}

/** Junk bodies: any JSON value, any text, truncated or empty documents. */
export function junkBody(): fc.Arbitrary<string> {
  return fc.oneof(
    jsonValue(2).map(toJsonText),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', 'null', '[]', '{}', '<html>502</html>', '{"active":true', '{"keys":'),
  );
}

/** Pads an object text with an `x-padding` member to about `bytes`. */
export function padded(members: readonly Member[], bytes: number): string {
  return toJsonText(obj([...members, { name: 'x-padding', value: lit('p'.repeat(bytes)) }]));
}

/**
 * Answers built from a real body: member edits (mostly), padding around the 256 KiB response
 * cap, or junk; with a status from {@link idpStatus}.
 */
export function idpAnswer(
  baseText: string,
  names: readonly string[],
  value: fc.Arbitrary<Json>,
  { ok = 200, maxEdits = 5 } = {},
): fc.Arbitrary<Answer> {
  const base = membersOf(baseText);
  const edited = memberEdits(names, value, maxEdits).map((edits) => editMembers(base, edits));
  return fc.record({
    status: idpStatus(ok),
    body: fc.oneof(
      { weight: 12, arbitrary: edited.map((members) => toJsonText(obj(members))) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(edited, fc.constantFrom(1_000, 200_000, 300_000))
          .map(([members, bytes]) => padded(members, bytes)),
      },
      { weight: 2, arbitrary: junkBody() },
    ),
  });
}

/** Members an attacker would put under a prototype key of an introspection answer. */
export function prototypePayload(pr: PropertyRealm): Json {
  const now = Math.floor(pr.clock.now() / 1000);
  return fromValue({
    active: true,
    exp: now + 300,
    iss: pr.issuer,
    aud: 'orders-api',
    typ: 'Bearer',
    realm_access: { roles: ['admin'] },
    resource_access: { 'orders-api': { roles: ['editor'] } },
    scope: 'orders:read',
    preferred_username: 'mallory',
  });
}
