/**
 * The `htu` side of a DPoP proof (RFC 9449 §4.3 item 9): the request URL without query and
 * fragment, as clients see it (behind a proxy: `publicUrl` or the forwarded headers), and the
 * RFC 3986 §6 normalisation both URLs go through before they are compared.
 */
import { LRUCache } from 'lru-cache';
import type { HeaderBag } from '../bearer.js';
import type { ResolvedDpop } from './options.js';
import { headerValue } from './headers.js';

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** §6.2.2.1 and §6.2.2.2: percent-encodings in upper case, unreserved characters decoded. */
function normalisePercent(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/**
 * An http(s) URL normalised for comparison (RFC 3986 §6.2.2 and §6.2.3: scheme and host in
 * lower case, default port dropped, dot segments removed, an empty path as `/`, percent-encoding
 * normalised), without query, fragment and user info; undefined when it is not one.
 *
 * @example
 * ```ts
 * normaliseHtu('HTTPS://API.Example.com:443/a/./b/%7euser?q=1#f'); // 'https://api.example.com/a/b/~user'
 * ```
 */
export function normaliseHtu(url: string): string | undefined {
  // Clients and APIs name the same few URLs again and again: parsed once each.
  let normalised = NORMALISED.get(url);
  if (normalised === undefined) {
    normalised = parse(url) ?? false;
    NORMALISED.set(url, normalised);
  }
  return normalised === false ? undefined : normalised;
}

/** Normalised URLs by their text (`false`: not an http(s) URL). */
const NORMALISED = new LRUCache<string, string | false>({
  max: 2_000,
  maxSize: 4 * 1024 * 1024,
  sizeCalculation: (value, key) => key.length + (value === false ? 1 : value.length),
});

function parse(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return `${parsed.protocol}//${parsed.host}${normalisePercent(parsed.pathname)}`;
}

/** The first element of a comma-separated list (the one the client-facing proxy wrote). */
function first(value: string | undefined): string | undefined {
  const item = value?.split(',')[0]?.trim();
  return item === '' ? undefined : item;
}

/** `proto` and `host` of the first element of an RFC 7239 `Forwarded` header. */
function forwarded(value: string | undefined): { proto?: string; host?: string } {
  const element = first(value);
  const out: { proto?: string; host?: string } = {};
  for (const pair of element?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim().toLowerCase();
    const raw = pair.slice(at + 1).trim();
    const text = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
    if (name === 'proto' || name === 'host') out[name] = text;
  }
  return out;
}

/** The request URL as the client sees it, behind a trusted proxy. */
function forwardedUrl(url: string, headers: HeaderBag): string {
  const local = new URL(url);
  const fromForwarded = forwarded(headerValue(headers, 'forwarded'));
  const proto =
    fromForwarded.proto ?? first(headerValue(headers, 'x-forwarded-proto')) ?? local.protocol;
  const host = fromForwarded.host ?? first(headerValue(headers, 'x-forwarded-host')) ?? local.host;
  return `${proto.replace(/:$/, '')}://${host}${local.pathname}`;
}

/**
 * The public URL of a request (what the proof's `htu` must name), normalised; undefined when
 * it cannot be built (then no proof can match).
 *
 * @example
 * ```ts
 * requestHtu({ method: 'GET', url: 'http://10.0.0.5:8080/orders' }, headers, dpop);
 * ```
 */
export function requestHtu(
  target: { readonly method: string; readonly url: string },
  headers: HeaderBag,
  dpop: ResolvedDpop,
): string | undefined {
  try {
    const url = dpop.publicUrl
      ? dpop.publicUrl(target)
      : dpop.trustProxy
        ? forwardedUrl(target.url, headers)
        : target.url;
    return normaliseHtu(url);
  } catch {
    return undefined;
  }
}
