// One server under test, in its own process: node server.mjs <name> '<options JSON>'.
// Tells the parent its port over IPC, then answers {cpu: true} with process.cpuUsage() so that
// the parent can charge this process's CPU time to the requests of one measurement.
import { createServer } from 'node:http';

const [name, json] = process.argv.slice(2);
const options = JSON.parse(json);
const { default: create } = await import(`./servers/${name}.mjs`);
const listener = await create(options);
const server = createServer(listener);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', (message) => {
  if (message.cpu) process.send({ cpu: process.cpuUsage(), memory: process.memoryUsage().rss });
});
process.on('disconnect', () => process.exit(0));
