/**
 * Properties of UMA and userinfo answers (issue 9): whatever the token endpoint answers to a UMA
 * decision or permissions request, and whatever userinfo answers, the caller gets a decision,
 * a list, an object or an AuthError (401, 403 or 503), never a throw; a grant only from an own
 * `result: true` of a 200 answer; permissions and userinfo built from own members only, never
 * through a prototype; nothing leaks the token.
 *
 * One 5xx besides 503 (issue 10 item 2): a definitive 4xx answer to a UMA request that only the
 * operator can fix (a client without Authorization Services, an unknown resource server, …) is
 * a 500 `server_misconfigured` with a generic body and a `configuration_problem` event; the
 * property allows it only for the answers {@link misconfigurationAnswer} names.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVerifier,
  type AuthError,
  type Principal,
  type VerifierEvent,
} from '../../src/index.js';
import {
  errorSurface,
  eventsSurface,
  expectNoLeak,
  expectStatus,
  secretsOf,
  authErrorOf,
} from './checks.js';
import { fuzzParams, fuzzTimeout } from './fuzz.js';
import { idpStatus, junkBody, serve, type Answer } from './idp-bodies.js';
import {
  PROTOTYPE_KEYS,
  arr,
  fromValue,
  jsonValue,
  lit,
  memberEdits,
  editMembers,
  obj,
  toJsonText,
} from './json-text.js';
import { own } from './oracle.js';
import { startPropertyRealm, type PropertyRealm } from './realm.js';

let pr: PropertyRealm;
let token: string;

beforeAll(async () => {
  pr = await startPropertyRealm();
  token = (await pr.validParts('alice')).token;
});
afterAll(() => pr.close());

/** A fresh verifier (no cached decision) and the principal of the valid token. */
async function freshPrincipal(events: VerifierEvent[]): Promise<Principal> {
  const verifier = createVerifier({
    issuer: pr.issuer,
    audience: 'orders-api',
    now: pr.clock.now,
    onEvent: (event) => events.push(event),
    fetch: pr.fetch(),
  });
  return verifier.verify(token);
}

const decisionBase = (text: string) => {
  const json = fromValue(JSON.parse(text));
  return 'obj' in json ? [...json.obj] : [];
};

/** UMA answers: decisions and denials edited, permission lists, junk; any status. */
function umaAnswer(): fc.Arbitrary<Answer> {
  const value = fc.oneof(
    jsonValue(2, ['result', 'rsid', 'rsname', 'scopes']),
    fc.constantFrom(true, 'true', 1, 'access_denied', 'invalid_grant', ['read']).map(lit),
  );
  const edited = (text: string) =>
    memberEdits(['result', 'error', 'error_description'], value, 3).map((edits) =>
      toJsonText(obj(editMembers(decisionBase(text), edits))),
    );
  const permission = fc.oneof(
    fc.constant(fromValue({ rsid: 'r1', rsname: 'orders', scopes: ['read'] })),
    fc.constant(
      obj([{ name: '__proto__', value: fromValue({ rsname: 'admin', scopes: ['all'] }) }]),
    ),
    jsonValue(2, ['rsid', 'rsname', 'scopes']),
  );
  return fc.record({
    status: idpStatus(),
    body: fc.oneof(
      edited('{"result":true}'),
      edited('{"error":"access_denied","error_description":"not_authorized"}'),
      fc.array(permission, { maxLength: 3 }).map((items) => toJsonText(arr(items))),
      junkBody(),
    ),
  });
}

/** What `permissions()` must return for an answer, from own members only. */
function expectedPermissions(answer: Answer): unknown[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    return undefined;
  }
  if (answer.status === 403 && own(json, 'error') === 'access_denied') return [];
  if (answer.status !== 200 || !Array.isArray(json)) return undefined;
  return json
    .filter((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
    .map((item: unknown) => {
      const rsid = own(item, 'rsid');
      const rsname = own(item, 'rsname');
      const scopes = own(item, 'scopes');
      return {
        ...(typeof rsid === 'string' ? { rsid } : {}),
        ...(typeof rsname === 'string' ? { rsname } : {}),
        scopes: Array.isArray(scopes) ? scopes.filter((s) => typeof s === 'string') : [],
      };
    });
}

/** The answer's parsed body, or undefined when it is not JSON. */
function parsed(answer: Answer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Whether Keycloak's answer to a UMA request is definitive and only the operator can fix it
 * (issue 10 item 2): a 4xx that is neither a decision (403 `access_denied`; and, asking about
 * one permission, 400 `invalid_resource` or `invalid_scope`: access not granted), nor a refusal
 * of the user's token (401, `invalid_grant`, `invalid_token`), nor a timeout or rate limit (408,
 * 429: IdP trouble, 503). `error` is read from own members only.
 */
function misconfigurationAnswer(answer: Answer, mode: 'decision' | 'permissions'): boolean {
  const { status } = answer;
  if (status < 400 || status > 499 || [401, 408, 429].includes(status)) return false;
  const error = own(parsed(answer), 'error');
  if (status === 403 && error === 'access_denied') return false;
  if (error === 'invalid_grant' || error === 'invalid_token') return false;
  const unknownPermission = error === 'invalid_resource' || error === 'invalid_scope';
  return !(mode === 'decision' && status === 400 && unknownPermission);
}

/**
 * A UMA failure: 401, 403 or 503 (with Retry-After); or a 500 `server_misconfigured` for a
 * {@link misconfigurationAnswer} only, whose body is generic (the OAuth `server_error`, no hint,
 * nothing of the IdP's answer, no URL, no WWW-Authenticate) and which a `configuration_problem`
 * event explains. Any other 5xx fails.
 */
function expectUmaFailure(
  error: AuthError,
  answer: Answer,
  mode: 'decision' | 'permissions',
  events: readonly VerifierEvent[],
): void {
  const context = `(${mode}, HTTP ${answer.status}: ${answer.body.slice(0, 200)})`;
  if (error.status !== 500) {
    expectStatus(error, [401, 403, 503], context);
    return;
  }
  if (error.code !== 'server_misconfigured' || !misconfigurationAnswer(answer, mode)) {
    throw new Error(`status 500 (${error.code}) ${context}`);
  }
  const body = JSON.stringify(error.body);
  const description = own(parsed(answer), 'error_description');
  const echoed = typeof description === 'string' && description.length >= 4;
  if (
    error.body.error !== 'server_error' ||
    error.body.hint !== undefined ||
    error.headers['www-authenticate'] !== undefined ||
    /https?:|\/\/|127\.0\.0\.1|localhost/i.test(body) ||
    (echoed && body.includes(description))
  ) {
    throw new Error(`a 500 whose body is not generic: ${body} ${context}`);
  }
  if (!events.some((e) => e.type === 'configuration_problem' && e.code === error.code)) {
    throw new Error(`a 500 without a configuration_problem event ${context}`);
  }
}

const RUNS = { uma: 100, userinfo: 80 };

describe('UMA and userinfo answers', () => {
  it(
    'UMA: a grant only from an own result:true of a 200, permissions from own members, else a 401/403/503 (500 only for a definitive misconfiguration)',
    async () => {
      await fc.assert(
        fc.asyncProperty(umaAnswer(), async (answer) => {
          const events: VerifierEvent[] = [];
          const principal = await freshPrincipal(events);
          serve(pr, 'token', answer);
          const decision = await principal.hasPermission('orders#read').then(
            (granted) => ({ granted }),
            (error: unknown) => authErrorOf(error),
          );
          if ('granted' in decision) {
            const json = parsed(answer);
            if (decision.granted && !(answer.status === 200 && own(json, 'result') === true)) {
              throw new Error(`a grant from HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
            }
          } else if ('error' in decision) {
            expectUmaFailure(decision.error, answer, 'decision', events);
            expectNoLeak(errorSurface(decision.error), secretsOf(token));
          }
          const listed = await principal.permissions().then(
            (list) => ({ list }),
            (error: unknown) => authErrorOf(error),
          );
          if ('list' in listed) {
            const expected = expectedPermissions(answer);
            if (expected === undefined) throw new Error(`a list from HTTP ${answer.status}`);
            expect(JSON.parse(JSON.stringify(listed.list))).toEqual(expected);
            for (const item of listed.list) {
              for (const name of ['rsid', 'rsname', 'scopes']) {
                if (name in item && !Object.hasOwn(item, name))
                  throw new Error(`inherited ${name}`);
              }
            }
          } else if ('error' in listed) {
            expectUmaFailure(listed.error, answer, 'permissions', events);
            expectNoLeak(errorSurface(listed.error), secretsOf(token));
          }
          expectNoLeak(eventsSurface(events), secretsOf(token), 'events');
        }),
        fuzzParams(RUNS.uma, 1),
      );
    },
    fuzzTimeout(RUNS.uma, 200),
  );

  it(
    'userinfo: an object of the own members of a 200 JSON object, else a 401/403/503',
    async () => {
      const base = '{"sub":"s","email":"alice@acme.test","preferred_username":"alice"}';
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            status: idpStatus(),
            body: fc.oneof(
              memberEdits(['sub', 'email', 'preferred_username'], jsonValue(2), 4).map((edits) =>
                toJsonText(obj(editMembers(decisionBase(base), edits))),
              ),
              junkBody(),
            ),
          }),
          async (answer) => {
            const events: VerifierEvent[] = [];
            const principal = await freshPrincipal(events);
            serve(pr, 'userinfo', answer);
            const got = await principal.userinfo().then(
              (info) => ({ info }),
              (error: unknown) => authErrorOf(error),
            );
            if ('info' in got) {
              const json: unknown = JSON.parse(answer.body);
              if (
                answer.status !== 200 ||
                typeof json !== 'object' ||
                json === null ||
                Array.isArray(json)
              ) {
                throw new Error(`userinfo from HTTP ${answer.status}`);
              }
              const proto: unknown = Object.getPrototypeOf(got.info);
              if (proto !== null && proto !== Object.prototype)
                throw new Error('a prototype from the answer');
              // Own members only; a prototype key may be dropped rather than copied.
              const keys = Object.keys(json);
              const required = keys.filter((key) => !PROTOTYPE_KEYS.includes(key));
              expect(Object.keys(got.info).filter((key) => !keys.includes(key))).toEqual([]);
              expect(required.filter((key) => !Object.hasOwn(got.info, key))).toEqual([]);
            } else if ('error' in got) {
              expectStatus(got.error, [401, 403, 503], `(userinfo, HTTP ${answer.status})`);
              expectNoLeak(errorSurface(got.error), secretsOf(token));
            }
            expectNoLeak(eventsSurface(events), secretsOf(token), 'events');
          },
        ),
        fuzzParams(RUNS.userinfo, 2),
      );
    },
    fuzzTimeout(RUNS.userinfo, 200),
  );
});
