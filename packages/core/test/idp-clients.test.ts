import { describe, expect, it } from 'vitest';
import { Discovery } from '../src/discovery.js';
import { createEventSink } from '../src/events.js';
import { httpOptionsOf } from '../src/http.js';
import { createIdpClients } from '../src/idp-clients.js';
import { resolveOptions } from '../src/options.js';

const base = { issuer: 'https://sso.example.com/realms/acme', audience: 'orders-api' };

function clients(extra: Record<string, unknown> = {}) {
  const options = resolveOptions({ ...base, ...extra });
  const events = createEventSink(undefined);
  return createIdpClients(options, new Discovery(options, events), events, httpOptionsOf(options));
}

describe('createIdpClients', () => {
  it('has an introspector only when introspection is configured', () => {
    expect(clients().introspector).toBeUndefined();
    const configured = clients({ introspection: { clientId: 'orders-api', clientSecret: 's' } });
    expect(configured.introspector?.load).toMatchObject({ inFlight: 0, queued: 0, cached: 0 });
  });

  it('always has the UMA and userinfo clients and a problem reporter', () => {
    const { uma, userinfo, problems } = clients({ cache: false });
    expect(uma).toBeDefined();
    expect(userinfo).toBeDefined();
    expect(() => problems.report('idp_unavailable', 'x')).not.toThrow();
  });
});
