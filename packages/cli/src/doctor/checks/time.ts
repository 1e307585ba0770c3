import { humanDuration, humanTime, isoTime } from '../../time.js';
import type { Check, DoctorContext } from '../types.js';
import { fail, notJwt, pass } from './outcome.js';

/** How far the local clock is from the identity provider's (its HTTP `Date` header), if known. */
function clockOffset(ctx: DoctorContext, nowMs: number): string {
  const serverDate = ctx.discovery?.serverDate;
  if (serverDate === undefined) return 'IdP clock unknown';
  // The Date header has whole seconds: differences under 2 s are noise.
  const offset = Math.round((nowMs - serverDate) / 1000);
  if (Math.abs(offset) < 2) return 'local clock agrees with the IdP (HTTP Date, ±1 s)';
  return `local clock is ${humanDuration(offset)} ${offset > 0 ? 'ahead of' : 'behind'} the IdP (HTTP Date)`;
}

/** ECMAScript §21.4.1.1: a Date holds at most ±8.64e15 ms from the epoch. */
const MAX_DATE_MS = 8.64e15;

const SYNC =
  'If the token should still be valid, the clocks disagree: sync this machine and Keycloak ' +
  'with NTP, or raise clockTolerance (--clock-tolerance) a little.';

/** exp (required), nbf and iat against the local clock, with the tolerance and the IdP's clock. */
export const time: Check = {
  id: 'time',
  title: 'Token time (exp, nbf, iat)',
  needs: ['token-structure'],
  needsToken: true,
  // eslint-disable-next-line @typescript-eslint/require-await
  async run(ctx) {
    if (!ctx.jws) return notJwt();
    const { exp, nbf, iat } = ctx.jws.payload;
    const nowMs = ctx.now();
    // jose compares whole seconds: floor(now) against the claims.
    const now = Math.floor(nowMs / 1000);
    const tolerance = ctx.options.clockTolerance;
    const skew = `clock tolerance ${tolerance} s; ${clockOffset(ctx, nowMs)}`;
    if (exp === undefined) {
      return fail(
        'no "exp" claim',
        'realmguard requires exp: a token without one never expires. Keycloak always sets it.',
      );
    }
    for (const [name, value] of [
      ['exp', exp],
      ['nbf', nbf],
      ['iat', iat],
    ] as const) {
      if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
        return fail(`"${name}" is not a number`, 'Time claims are seconds since the epoch.');
      }
    }
    // core refuses what no Date can hold (±8.64e15 ms) as invalid_claim, auth_time included.
    for (const name of ['exp', 'nbf', 'iat', 'auth_time'] as const) {
      const value = ctx.jws.payload[name];
      if (typeof value === 'number' && Math.abs(value * 1000) > MAX_DATE_MS) {
        return fail(
          `"${name}" ${value} is beyond any date (at most ±${MAX_DATE_MS / 1000} s)`,
          'Time claims are seconds since the epoch: this token was not issued by Keycloak.',
        );
      }
    }
    const expS = exp as number;
    if (expS <= now - tolerance) {
      return fail(
        `expired ${humanDuration(nowMs / 1000 - expS)} ago (exp ${isoTime(expS)}); ${skew}`,
        'Request a new token: Keycloak access tokens live 300 s by default, so clients must ' +
          `refresh them before exp. ${SYNC}`,
      );
    }
    if (typeof nbf === 'number' && nbf > now + tolerance) {
      return fail(
        `not valid before ${humanTime(nbf, nowMs)}; ${skew}`,
        "This machine's clock is behind the issuer's. " + SYNC,
      );
    }
    if (typeof iat === 'number' && iat > nowMs / 1000 + tolerance) {
      return fail(
        `issued in the future: iat ${humanTime(iat, nowMs)}; ${skew}`,
        "This machine's clock is behind Keycloak's. " + SYNC,
      );
    }
    const issued = typeof iat === 'number' ? `; issued ${humanTime(iat, nowMs)}` : '';
    return pass(`valid until ${humanTime(expS, nowMs)}${issued}; ${skew}`);
  },
};
