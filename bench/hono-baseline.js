// The bare Hono app (bench/baseline-app.js) on the same @hono/node-server as mockca, on its own
// port. Routes come as JSON in a file named on the command line; without one it is a hello-world.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { baselineApp } from './baseline-app.js';

const app = baselineApp(process.argv[2] ? JSON.parse(readFileSync(process.argv[2], 'utf8')) : []);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`baseline http://127.0.0.1:${info.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
