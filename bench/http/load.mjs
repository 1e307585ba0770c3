// The load generator, in its own process: receives {url, tokens, connections, seconds} over
// IPC, runs autocannon with one pre-built request per token (connections cycle through them),
// and sends back the autocannon result.
import autocannon from 'autocannon';

process.once('message', async ({ url, tokens, connections, seconds }) => {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: tokens.map((token) => ({
      method: 'GET',
      path: '/',
      headers: { authorization: `Bearer ${token}` },
    })),
  });
  process.send({
    requests: result.requests.average,
    total: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  });
  process.disconnect();
});
