// `pnpm demo`: the orders API against an embedded Keycloak-shaped realm (default), or against a
// real Keycloak when KEYCLOAK_URL, KEYCLOAK_REALM and KEYCLOAK_CLIENT_ID are set.
// Flags: --once (exit after the walkthrough), --framework express|fastify|nest (default express).
// Environment: PORT (default 3000, else any free one).
import { createServer } from 'node:http';
import { DEMO_CLIENTS, createTestKeycloak } from '@realmguard/testing';
import { listen } from '@realmguard/testing/node';
import { appFactory, frameworkOf } from './frameworks.mjs';
import { play, scenario } from './scenario.mjs';

const once = process.argv.includes('--once');
const framework = frameworkOf(process.argv);
const createApp = await appFactory(framework);
const { KEYCLOAK_URL, KEYCLOAK_REALM, KEYCLOAK_CLIENT_ID } = process.env;

/** Listens on PORT (default 3000), or on any free port when that one is taken. */
async function serve(app) {
  const server = createServer(app);
  const port = Number(process.env.PORT ?? 3000);
  await new Promise((resolve, reject) => {
    server.once('error', (error) => {
      if (error.code !== 'EADDRINUSE' || process.env.PORT) return reject(error);
      server.listen(0, '127.0.0.1', resolve);
    });
    server.listen(port, '127.0.0.1', resolve);
  });
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

async function againstRealKeycloak() {
  const issuer = `${KEYCLOAK_URL.replace(/\/$/, '')}/realms/${KEYCLOAK_REALM}`;
  const { url } = await serve(await createApp({ issuer, audience: KEYCLOAK_CLIENT_ID }));
  console.log(`Orders API on ${url}, trusting ${issuer} (audience ${KEYCLOAK_CLIENT_ID}).`);
  console.log('\nGet a token from your Keycloak and call the API, for example:\n');
  console.log(`  TOKEN=$(curl -s ${issuer}/protocol/openid-connect/token \\`);
  console.log(
    '    -d grant_type=client_credentials -d client_id=YOUR_CLIENT -d client_secret=YOUR_SECRET \\',
  );
  console.log(`    | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`);
  console.log(`  curl -i ${url}/orders -H "Authorization: Bearer $TOKEN"`);
  console.log(
    '\nIf it answers 401 with a hint about the Audience mapper, the hint lists the console steps.',
  );
}

async function againstEmbeddedRealm() {
  // The demo realm "acme" (users alice and bob, see @realmguard/testing), with an Audience mapper
  // for orders-api on the service account client, as an operator would configure it.
  const kc = createTestKeycloak();
  const idp = await listen(kc);
  const realm = await kc.createRealm({
    clients: DEMO_CLIENTS.map((client) =>
      client.clientId === 'billing-worker'
        ? { ...client, audienceMappers: ['orders-api'] }
        : client,
    ),
  });
  const { server, url } = await serve(
    await createApp({ issuer: realm.issuer, audience: 'orders-api' }),
  );

  console.log(`\nKeycloak-shaped realm  ${realm.issuer}`);
  console.log(
    `Orders API             ${url}  (${framework}; trusts that issuer, audience "orders-api")\n`,
  );
  for (const step of await scenario(realm)) {
    const { status, reason, hint } = await play(url, step);
    console.log(
      `${String(status).padEnd(4)}${step.who.padEnd(52)}${step.method.padEnd(5)}${step.path}`,
    );
    console.log(`    ${reason}`);
    if (hint) console.log(`    hint: ${hint}`);
  }

  if (once) {
    server.close();
    await idp.close();
    return;
  }
  const admin = await realm.accessToken({
    user: 'alice',
    client: 'orders-web-mapped',
    lifetime: 3600,
  });
  const viewer = await realm.accessToken({
    user: 'bob',
    client: 'orders-web-mapped',
    lifetime: 3600,
  });
  console.log('\nStill serving (Ctrl-C to stop). Tokens below are valid for one hour:\n');
  console.log(`  curl -i ${url}/orders -H "Authorization: Bearer ${admin}"\n`);
  console.log(`  curl -i -X POST ${url}/orders/1/cancel -H "Authorization: Bearer ${viewer}"\n`);
  console.log(
    'Or ask the realm for a token yourself (password grant, user alice, password alice):\n',
  );
  console.log(
    `  curl -s ${realm.tokenEndpoint} -d grant_type=password -d client_id=orders-web-mapped \\`,
  );
  console.log('    -d username=alice -d password=alice');
}

await (KEYCLOAK_URL && KEYCLOAK_REALM && KEYCLOAK_CLIENT_ID
  ? againstRealKeycloak()
  : againstEmbeddedRealm());
