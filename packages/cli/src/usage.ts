/** Thrown for bad command lines: the CLI prints the message and exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `realmguard --help`. */
export const USAGE = `Usage: realmguard <command> [options]

Commands:
  doctor    check an issuer and (optionally) a token, and explain every failure
  decode    print a token's header and claims, times in human form (nothing is verified)
  help      show this help, or the help of a command: realmguard help doctor
  version   print the version

Exit codes: 0 accepted / fine, 1 rejected / failed, 2 usage error.
`;

/** `realmguard help doctor`. */
export const DOCTOR_USAGE = `Usage: realmguard doctor --issuer URL [options]

Checks, in order: issuer reachable, discovery issuer, JWKS, and with a token: structure,
algorithm, key id, signature, exp/nbf/iat, iss, aud vs azp, payload typ, roles, introspection
(with client credentials), and the verdict of @realmguard/core's verifier.

Options:
  --issuer URL             the issuer your API trusts, e.g. https://sso.example.com/realms/acme
  --audience ID            your API's client id (without it the audience is not checked)
  --token TOKEN            the access token (a leading "Bearer " is ignored)
  --token-file FILE        read the token from FILE; "-" reads standard input
  --client-id ID           a confidential client allowed to introspect (enables introspection)
  --client-secret SECRET   its secret (or set REALMGUARD_CLIENT_SECRET)
  --clock-tolerance SEC    allowed clock skew for exp/nbf/iat in seconds (default 10)
  --dpop PROOF             a DPoP proof (RFC 9449) to check, with --method and --url (and
                           --token for ath and the token's cnf.jkt); --issuer is then optional
  --method METHOD          the HTTP method of the request the proof is for (e.g. GET)
  --url URL                the URL of that request, as the API sees it
  --json                   print a JSON report instead of the checklist
  -h, --help               show this help

The token and the client secret are never printed.
Exit codes: 0 the token would be accepted (without a token: the issuer is usable),
            1 it would be rejected (or a check failed), 2 usage error.
`;

/** `realmguard help decode`. */
export const DECODE_USAGE = `Usage: realmguard decode <token> | --token-file FILE [--json]

Prints the header and claims of a JWT, with exp/iat/nbf/auth_time in human form.
Nothing is verified: use "realmguard doctor" for that. The signature is not printed.

Options:
  --token-file FILE   read the token from FILE; "-" reads standard input
  --json              print {header, payload, signatureBytes, times} as JSON
  -h, --help          show this help
`;
