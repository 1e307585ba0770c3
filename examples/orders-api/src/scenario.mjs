// The walkthrough: one request per kind of token a Keycloak user meets, with the answer and why.

/**
 * Builds the scenario from a test realm's tokens.
 * @param {import('@realmguard/testing').TestRealm} realm
 */
export async function scenario(realm) {
  const web = 'orders-web-mapped'; // its tokens carry aud "orders-api" (an Audience mapper)
  return [
    {
      who: 'alice (admin) lists orders',
      method: 'GET',
      path: '/orders',
      token: await realm.accessToken({ user: 'alice', client: web }),
    },
    {
      who: 'alice (admin) cancels an order',
      method: 'POST',
      path: '/orders/1/cancel',
      token: await realm.accessToken({ user: 'alice', client: web }),
    },
    {
      who: 'alice (orders-api editor) edits an order',
      method: 'PUT',
      path: '/orders/1',
      token: await realm.accessToken({ user: 'alice', client: web }),
    },
    {
      who: 'bob (viewer) reads an order',
      method: 'GET',
      path: '/orders/2',
      token: await realm.accessToken({ user: 'bob', client: web }),
    },
    {
      who: 'bob (viewer) cancels an order',
      method: 'POST',
      path: '/orders/1/cancel',
      token: await realm.accessToken({ user: 'bob', client: web }),
    },
    {
      who: 'bob without the orders:read scope reads the report',
      method: 'GET',
      path: '/reports/orders',
      token: await realm.accessToken({ user: 'bob', client: web }),
    },
    {
      who: 'bob with the orders:read scope reads the report',
      method: 'GET',
      path: '/reports/orders',
      token: await realm.accessToken({ user: 'bob', client: web, scope: 'orders:read' }),
    },
    {
      who: 'service account billing-worker lists orders',
      method: 'GET',
      path: '/orders',
      token: await realm.serviceAccountToken({ client: 'billing-worker' }),
    },
    { who: 'no token at all', method: 'GET', path: '/orders', token: undefined },
    {
      who: 'an ID token misused as a bearer token',
      method: 'GET',
      path: '/orders',
      token: await realm.idToken({ user: 'alice', client: web }),
    },
    {
      who: 'an expired token',
      method: 'GET',
      path: '/orders',
      token: await realm.adversarial.expired(120, { user: 'alice', client: web }),
    },
    {
      who: 'a token without the Audience mapper',
      method: 'GET',
      path: '/orders',
      token: await realm.accessToken({
        user: 'alice',
        client: 'orders-api',
        claims: { aud: 'account' },
      }),
    },
  ];
}

/**
 * Sends one scenario step to the API and describes the answer.
 * @param {string} apiUrl
 * @param {{ who: string, method: string, path: string, token?: string }} step
 * @returns {Promise<{ status: number, reason: string, hint: string | undefined }>}
 */
export async function play(apiUrl, step) {
  const response = await fetch(`${apiUrl}${step.path}`, {
    method: step.method,
    headers: step.token ? { authorization: `Bearer ${step.token}` } : {},
  });
  const body = await response.json();
  const reason =
    response.status < 300
      ? `ok: ${JSON.stringify(body)}`
      : (body.error_description ?? body.error ?? JSON.stringify(body));
  return { status: response.status, reason, hint: body.hint };
}
