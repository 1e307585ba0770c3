/**
 * `Authorization` header values for the property suites: valid tokens, the same tokens with one
 * defect (a character changed, inserted or removed, padding, inner spaces), junk b64tokens, any
 * text, oversized values, other schemes, zero to three headers; and what the answer must be,
 * worked out from RFC 6750 §2.1 and issue 9 without realmguard's code.
 *
 * @example
 * ```ts
 * fc.assert(fc.asyncProperty(authorizationHeaders(tokens), async (values) => {
 *   const expected = expectedAnswer(values, tokens);
 * }));
 * ```
 */
import fc from 'fast-check';

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const TCHARS = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** One credential: a valid token, a damaged one, or junk. */
export function credential(valid: readonly string[]): fc.Arbitrary<string> {
  const token = fc.constantFrom(...valid);
  const position = fc.nat();
  const damaged = fc
    .tuple(
      token,
      position,
      fc.oneof(
        fc.constantFrom(
          ' ',
          '\t',
          '=',
          '.',
          ',',
          '"',
          '\\',
          '%',
          '!',
          '\u00e9',
          '\u00a0',
          '\u2028',
          '\ud800',
        ),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
      ),
      fc.constantFrom('insert', 'replace', 'delete', 'truncate'),
    )
    .map(([t, at, text, op]) => {
      const i = at % (t.length + 1);
      if (op === 'insert') return t.slice(0, i) + text + t.slice(i);
      if (op === 'replace') return t.slice(0, i) + text + t.slice(i + 1);
      if (op === 'delete') return t.slice(0, i) + t.slice(i + 1);
      return t.slice(0, i);
    });
  return fc.oneof(
    { weight: 4, arbitrary: token },
    { weight: 4, arbitrary: damaged },
    token.map((t) => `${t}=`),
    token.map((t) => `${t}==`),
    fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,60}=*$/),
    fc
      .tuple(...[0, 1, 2].map(() => fc.stringMatching(/^[A-Za-z0-9_-]{0,40}$/)))
      .map((parts) => parts.join('.')),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', '=', '.', '..', 'null', 'undefined', 'x'.repeat(17_000)),
  );
}

/** One header value: optional leading space, a scheme, a separator, a credential, a tail. */
export function authorizationValue(valid: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('', '', '', ' ', '\t'),
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom('Bearer', 'bearer', 'BEARER', 'bEaReR') },
        fc.constantFrom('Basic', 'DPoP', 'Token', 'Bearer,', 'Bearer:', '"Bearer"', 'Bearer\u00a0'),
        fc.string({ maxLength: 8 }),
      ),
      fc.constantFrom(' ', ' ', ' ', '  ', '', '\t', ' \t'),
      credential(valid),
      fc.constantFrom('', '', '', ' ', '  ', '\t', ',', ' ,', ', Bearer x'),
    )
    .map((parts) => parts.join(''));
}

/** Zero to three `Authorization` headers (mostly one). */
export function authorizationHeaders(valid: readonly string[]): fc.Arbitrary<string[]> {
  const value = authorizationValue(valid);
  return fc.oneof(
    { weight: 8, arbitrary: value.map((v) => [v]) },
    { weight: 1, arbitrary: fc.constant<string[]>([]) },
    { weight: 2, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }) },
  );
}

/** What the answer must be. `token`: the credential a Principal may come from, if any. */
export type Expected =
  | { kind: 'missing' } // 401 without an error attribute
  | { kind: 'duplicate' } // 400 invalid_request (finding 8)
  | { kind: 'invalid'; token: string | undefined } // 401 invalid_token, or 200 for `token`
  | { kind: 'other-scheme' } // 401 (not a bearer credential)
  | { kind: 'unclear' }; // not a credential by RFC 7235: 400 or 401, never 200

/**
 * The expected answer to a request with these header values (as the application receives
 * them, before any framework trimming), after RFC 6750 §2.1 and issue 9 findings 8 and 12.
 * `fetchHeaders`: the application reads a Fetch API `Headers`, which joins repeated lines with
 * a comma, so a comma may mean two headers (400) as well as a malformed credential (401).
 */
export function expectedAnswer(
  values: readonly string[],
  valid: readonly string[],
  { fetchHeaders = false } = {},
): Expected {
  if (values.length > 1) return { kind: 'duplicate' };
  const value = (values[0] ?? '').trim();
  if (value === '') return { kind: 'missing' };
  if (fetchHeaders && value.includes(',')) return { kind: 'unclear' };
  const scheme = TCHARS.exec(value)?.[0];
  if (scheme === undefined) return { kind: 'unclear' };
  const rest = value.slice(scheme.length);
  if (rest !== '' && !rest.startsWith(' ')) return { kind: 'unclear' };
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'other-scheme' };
  const token = rest.trim();
  // Finding 12: a credential that is not one b64token is a malformed token, 401 invalid_token.
  const acceptable = B64TOKEN.test(token) && valid.includes(token) ? token : undefined;
  return { kind: 'invalid', token: acceptable };
}

/** Checks an answer's status, error and acceptance against the expectation; throws if wrong. */
export function checkAnswer(
  expected: Expected,
  answer: { status: number; error: string | undefined; acceptedToken?: string },
  where: string,
): void {
  const fail = (why: string) => {
    throw new Error(
      `${where}: ${why} (got ${answer.status} ${answer.error ?? '-'}, expected ${expected.kind})`,
    );
  };
  if (answer.status >= 500) fail('a 5xx with a healthy identity provider');
  // 200, or 403 from a policy: the credential was accepted.
  if (answer.status === 200 || answer.status === 403) {
    const token = expected.kind === 'invalid' ? expected.token : undefined;
    if (token === undefined) fail('an acceptance');
    if (answer.acceptedToken !== undefined && answer.acceptedToken !== token) {
      fail('the principal is not that of the credential sent');
    }
    return;
  }
  switch (expected.kind) {
    case 'missing':
      if (answer.status !== 401 || answer.error !== undefined) fail('not a plain 401');
      break;
    case 'duplicate':
      if (answer.status !== 400 || answer.error !== 'invalid_request') {
        fail('two Authorization headers must get 400 invalid_request (finding 8)');
      }
      break;
    case 'invalid':
      if (answer.status !== 401 || answer.error !== 'invalid_token') {
        fail('a bearer credential that fails must get 401 invalid_token (finding 12)');
      }
      break;
    case 'other-scheme':
      if (answer.status !== 401) fail('another scheme is no bearer credential: 401');
      break;
    case 'unclear':
      if (answer.status !== 400 && answer.status !== 401) fail('neither 400 nor 401');
      break;
  }
}
